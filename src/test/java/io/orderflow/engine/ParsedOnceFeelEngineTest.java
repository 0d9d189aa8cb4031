package io.orderflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * The FEEL engine that parses each text once decides exactly as Camunda's own, fails as Camunda's own, and is the one
 * the process engine's decisions use.
 */
class ParsedOnceFeelEngineTest {

    private static final String APPROVAL_TABLE = "dmn/quote-approval-level.dmn";

    @Test
    void decidesTheApprovalTableAsCamundasFeelEngineForEveryCountryDiscountAndValue() throws Exception {
        DmnEngine camundas = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        DmnEngine parsedOnce = ParsedOnceFeelEngine.dmnEngineConfiguration().buildEngine();
        DmnDecision camundasTable = decision(camundas);
        DmnDecision parsedOnceTable = decision(parsedOnce);

        List<Object> decided = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String country : List.of("US", "DE", "FR", "IT")) {
                for (double discount : new double[] {0, 4.99, 5, 5.01, 10, 15, 20, 20.01, 30, 50}) {
                    for (double value : new double[] {0, 1_000, 99_999.99, 100_000, 249_999.99, 250_000, 1_000_000}) {
                        Map<String, Object> inputs = Map.of("country", country, "discountPercent", discount, "netValue", value);
                        Object expected = camundas.evaluateDecisionTable(camundasTable, inputs).getSingleEntry();
                        assertThat((Object) parsedOnce.evaluateDecisionTable(parsedOnceTable, inputs).getSingleEntry())
                                .as("%s %s %% %s", country, discount, value).isEqualTo(expected);
                        decided.add(expected);
                    }
                }
            }
        }
        assertThat(decided).contains("NONE", "MANAGER", "DIRECTOR");
    }

    @Test
    void evaluatesAndFailsAsCamundasFeelEngine() {
        var camundas = new ScalaFeelEngine(List.of());
        var parsedOnce = ParsedOnceFeelEngine.dmnEngineConfiguration().buildEngine();
        var feel = ((org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration) parsedOnce.getConfiguration()).getFeelEngine();
        var variables = Variables.createVariables().putValue("discountPercent", 10.0).asVariableContext();

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> feel.evaluateSimpleUnaryTests("> > 5", "discountPercent", variables))
                    .isInstanceOf(FeelException.class)
                    .hasMessage(catchMessage(() -> camundas.evaluateSimpleUnaryTests("> > 5", "discountPercent", variables)));
            assertThatThrownBy(() -> feel.evaluateSimpleExpression("discountPercent +", variables))
                    .isInstanceOf(FeelException.class)
                    .hasMessage(catchMessage(() -> camundas.evaluateSimpleExpression("discountPercent +", variables)));
        }
        assertThat(feel.evaluateSimpleUnaryTests("[5..20]", "discountPercent", variables)).isTrue();
        assertThat(feel.evaluateSimpleUnaryTests("< 10", "discountPercent", variables)).isFalse();
        assertThat((Object) feel.evaluateSimpleExpression("discountPercent * 2", variables))
                .isEqualTo(camundas.evaluateSimpleExpression("discountPercent * 2", variables)).isNotNull();
    }

    @Test
    void isTheFeelEngineOfTheProcessEnginesDecisions() throws Exception {
        var configuration = new StandaloneInMemProcessEngineConfiguration();
        // a name of its own: the engine registers under it, and closing it must not unregister the application's
        configuration.setProcessEngineName("parsed-once-feel");
        configuration.setJdbcUrl("jdbc:h2:mem:parsed-once-feel;DB_CLOSE_DELAY=-1");
        configuration.setJobExecutorActivate(false);
        configuration.getProcessEnginePlugins().add(new ParsedOnceFeelEngine.Plugin());
        ProcessEngine engine = configuration.buildProcessEngine();
        try (InputStream table = getClass().getClassLoader().getResourceAsStream(APPROVAL_TABLE)) {
            engine.getRepositoryService().createDeployment().addInputStream(APPROVAL_TABLE, table).deploy();
            assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDmnEngineConfiguration()
                    .getFeelEngine()).isInstanceOf(ParsedOnceFeelEngine.class);
            assertThat((Object) engine.getDecisionService().evaluateDecisionTableByKey("quote-approval-level",
                    Map.of("country", "DE", "discountPercent", 30.0, "netValue", 1_000.0)).getSingleEntry()).isEqualTo("DIRECTOR");
        } finally {
            engine.close();
        }
    }

    private static DmnDecision decision(DmnEngine engine) throws Exception {
        try (InputStream table = ParsedOnceFeelEngineTest.class.getClassLoader().getResourceAsStream(APPROVAL_TABLE)) {
            return engine.parseDecisions(table).get(0);
        }
    }

    private static String catchMessage(Runnable evaluation) {
        try {
            evaluation.run();
        } catch (FeelException e) {
            return e.getMessage();
        }
        throw new AssertionError("Camunda's FEEL engine did not fail");
    }
}
