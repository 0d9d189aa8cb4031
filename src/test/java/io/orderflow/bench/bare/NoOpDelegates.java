package io.orderflow.bench.bare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.bpmn.behavior.TaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.core.variable.mapping.IoMapping;
import org.camunda.bpm.engine.impl.core.variable.mapping.IoParameter;
import org.camunda.bpm.engine.impl.core.variable.mapping.value.ParameterValueProvider;
import org.camunda.bpm.engine.impl.el.ElValueProvider;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.impl.util.xml.Namespace;

/**
 * Runs the application's models without the application: what needs its code or its beans is taken out as the models
 * are deployed, everything the engine itself does (async continuations, jobs, retries, timers, messages, gateways,
 * boundary events, call activities, DMN, history) stays as modelled.
 * <ul>
 * <li>A service or send task implemented by a {@code camunda:delegateExpression}, {@code camunda:class},
 * {@code camunda:expression} or {@code camunda:connector} just leaves. Its async flags, retry cycle and boundary
 * events are properties of the activity and stay; a connector's input and output mappings go with the connector, so
 * what a connector or a delegate would have written (a commerce order code, a due date) is never written.</li>
 * <li>User tasks lose their task listeners; the engine's own (history) stay.</li>
 * <li>An input or output parameter whose expression calls a method on something that is neither the execution nor
 * another object the engine provides (so a bean of the application, such as {@code orderFacts.country(...)}) takes the
 * value of the variable of its own name instead, {@code null} where there is none: order-handoff's DMN inputs are
 * then read from the variables the caller supplies, and the decision itself still runs.</li>
 * </ul>
 * Everything else that reads variables only (conditions, timer dates and durations, due dates, candidate groups,
 * call activity mappings) is left alone: the caller supplies those variables. Execution listeners and timeout task
 * listeners would need the application too and are not neutralized here: a model with one fails to deploy, so that a
 * changed model cannot quietly run other work on this engine than on the application.
 */
public class NoOpDelegates extends AbstractProcessEnginePlugin {

    private static final Namespace CAMUNDA = BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS;
    private static final List<String> IMPLEMENTATIONS = List.of("delegateExpression", "class", "expression");

    /** Names an expression may call methods on without a bean: what the engine puts into the expression context. */
    private static final Set<String> ENGINE_OBJECTS = Set.of("execution", "task", "decisionResult", "externalTask",
            "caseExecution", "variableScope");
    private static final Pattern METHOD_CALL_ON_NAME =
            Pattern.compile("(?<![\\w.$])([A-Za-z_$][\\w$]*)\\s*\\.\\s*[A-Za-z_$][\\w$]*\\s*\\(");

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners();
        if (listeners == null) {
            listeners = new ArrayList<>();
            configuration.setCustomPostBPMNParseListeners(listeners);
        }
        listeners.add(new Listener());
    }

    /** The behaviour that replaces the application's code: the engine's plain task, which leaves at once. */
    static final class NoOp extends TaskActivityBehavior {
    }

    static final class Listener extends AbstractBpmnParseListener {

        @Override
        public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            leaveWithoutApplicationCode(element, activity);
        }

        @Override
        public void parseSendTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            leaveWithoutApplicationCode(element, activity);
        }

        @Override
        public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            Element extensions = element.element("extensionElements");
            if (extensions != null) {
                for (Element listener : extensions.elementsNS(CAMUNDA, "taskListener")) {
                    if ("timeout".equals(listener.attribute("event"))) {
                        throw unsupported(activity, "a timeout task listener");
                    }
                }
            }
            TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
            Map<String, List<TaskListener>> modelled = task.getTaskListeners();
            // the engine fires the merged lists (built-in and modelled), built when a listener is added
            for (Map.Entry<String, List<TaskListener>> event : modelled.entrySet()) {
                List<TaskListener> all = task.getAllTaskListenersForEvent(event.getKey());
                if (all != null) {
                    all.removeAll(event.getValue());
                }
            }
            modelled.clear();
        }

        @Override
        public void parseProcess(Element element, ProcessDefinitionEntity process) {
            refuseExecutionListeners(element, process);
            neutralizeBeanParameters(process);
        }

        private static void leaveWithoutApplicationCode(Element element, ActivityImpl activity) {
            boolean implemented = IMPLEMENTATIONS.stream().anyMatch(name -> element.attributeNS(CAMUNDA, name) != null);
            Element extensions = element.element("extensionElements");
            boolean connector = extensions != null && extensions.elementNS(CAMUNDA, "connector") != null;
            if (implemented || connector) {
                activity.setActivityBehavior(new NoOp());
            }
        }

        private static void refuseExecutionListeners(Element element, ProcessDefinitionEntity process) {
            List<Element> listeners = element.elementsNS(CAMUNDA, "executionListener");
            if (!listeners.isEmpty()) {
                throw new ProcessEngineException("The bare engine cannot run " + process.getKey()
                        + ": an execution listener (line " + listeners.get(0).getLine() + ") needs the application");
            }
            for (Element child : element.elements()) {
                refuseExecutionListeners(child, process);
            }
        }

        private static void neutralizeBeanParameters(ScopeImpl scope) {
            for (ActivityImpl activity : scope.getActivities()) {
                IoMapping mapping = activity.getIoMapping();
                if (mapping != null) {
                    mapping.getInputParameters().forEach(Listener::neutralizeIfBean);
                    mapping.getOutputParameters().forEach(Listener::neutralizeIfBean);
                }
                neutralizeBeanParameters(activity);
            }
        }

        private static void neutralizeIfBean(IoParameter parameter) {
            if (parameter.getValueProvider() instanceof ElValueProvider el
                    && callsBean(el.getExpression().getExpressionText())) {
                parameter.setValueProvider(new VariableOfTheSameName(parameter.getName()));
            }
        }

        private static boolean callsBean(String expression) {
            Matcher call = METHOD_CALL_ON_NAME.matcher(expression);
            while (call.find()) {
                if (!ENGINE_OBJECTS.contains(call.group(1))) {
                    return true;
                }
            }
            return false;
        }

        private static ProcessEngineException unsupported(ActivityImpl activity, String what) {
            return new ProcessEngineException("The bare engine cannot run activity " + activity.getId() + ": " + what
                    + " needs the application");
        }
    }

    record VariableOfTheSameName(String name) implements ParameterValueProvider {

        @Override
        public Object getValue(VariableScope scope) {
            return scope.getVariable(name);
        }

        @Override
        public boolean isDynamic() {
            return true;
        }
    }
}
