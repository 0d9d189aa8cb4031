package io.orderflow.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.springframework.stereotype.Component;

import camundajar.impl.scala.collection.immutable.Map$;
import camundajar.impl.scala.runtime.BoxesRunTime;
import camundajar.impl.scala.util.Either;

/**
 * Camunda's FEEL engine for decision tables, parsing each expression once instead of at every evaluation. A decision
 * table is the same few dozen texts (input expressions, unary tests) for every evaluation, and parsing them was five
 * sixths of what evaluating the approval table cost (docs/performance.md). Evaluation itself is Camunda's, with the
 * same variables and the same errors; only the parse is kept, per text. The texts come from deployed decisions, so
 * there are as many as the deployed tables hold; {@link #MAX_TEXTS} bounds them anyway.
 */
public final class ParsedOnceFeelEngine extends ScalaFeelEngine {

    private static final FeelEngineFactory FACTORY = ParsedOnceFeelEngine::new;

    private static final int MAX_TEXTS = 10_000;

    private final Map<String, Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression>> expressions = new ConcurrentHashMap<>();
    private final Map<String, Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression>> unaryTests = new ConcurrentHashMap<>();

    private ParsedOnceFeelEngine() {
        super(List.of());
    }

    /** A DMN engine configuration with Camunda's defaults and this FEEL engine. */
    public static DefaultDmnEngineConfiguration dmnEngineConfiguration() {
        return ((DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration()).feelEngineFactory(FACTORY);
    }

    /** The process engine's decisions evaluated with this FEEL engine. */
    @Component
    static class Plugin extends AbstractProcessEnginePlugin {

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            if (configuration.getDmnEngineConfiguration() == null) {
                configuration.setDmnEngineConfiguration(dmnEngineConfiguration());
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
        var result = parsed(expressions, expression, feelEngine::parseExpression)
                .flatMap(parsed -> feelEngine.eval(parsed, context(new ContextVariableWrapper(variables))));
        return (T) valueOrThrow(result);
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variables) {
        VariableProvider input = new VariableProvider.StaticVariableProvider(Map$.MODULE$.<String, Object>empty()
                .updated(INPUT_VARIABLE_NAME, inputVariable));
        VariableProvider provider = new VariableProvider.CompositeVariableProvider(
                toScalaList(input, new ContextVariableWrapper(variables)));
        var result = parsed(unaryTests, expression, feelEngine::parseUnaryTests)
                .flatMap(parsed -> feelEngine.eval(parsed, context(provider)));
        return BoxesRunTime.unboxToBoolean(valueOrThrow(result));
    }

    private static Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression> parsed(
            Map<String, Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression>> cache, String text,
            Function<String, Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression>> parse) {
        if (cache.size() >= MAX_TEXTS) {
            cache.clear();
        }
        return cache.computeIfAbsent(text, parse);
    }

    private static Object valueOrThrow(Either<org.camunda.feel.FeelEngine.Failure, Object> result) {
        if (result.isRight()) {
            return result.toOption().get();
        }
        throw LOGGER.evaluationException(result.swap().toOption().get().message());
    }

    private static CustomContext context(VariableProvider variables) {
        return new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return variables;
            }
        };
    }
}
