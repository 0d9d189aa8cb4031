package io.orderflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.orderflow.IntegrationTest;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.diagnostics.CommandCounter;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The preview decides as the engine's decision service decides with the latest deployed version of the table, and
 * follows a newer version as soon as one is deployed.
 */
class DecisionPreviewTest extends IntegrationTest {

    private static final String KEY = "quote-approval-level";

    @Autowired
    DecisionPreview preview;
    @Autowired
    DecisionService decisionService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ProcessEngineConfigurationImpl engine;

    @Test
    void thePreviewDecidesAsTheDecisionServiceDecides() {
        for (Map<String, Object> inputs : List.<Map<String, Object>>of(
                Map.of("country", "DE", "discountPercent", 2.0, "netValue", 1_000.0),
                Map.of("country", "DE", "discountPercent", 18.0, "netValue", 36_900.0),
                Map.of("country", "US", "discountPercent", 30.0, "netValue", 900_000.0),
                Map.of("country", "FR", "discountPercent", 12.5, "netValue", 20_000.0))) {
            assertThat(preview.singleEntry(KEY, inputs)).as(inputs.toString())
                    .isEqualTo(decisionService.evaluateDecisionTableByKey(KEY, inputs).getSingleEntry());
        }
    }

    @Test
    void aNewerVersionOfTheTableIsPreviewedAsSoonAsItIsDeployed() {
        Map<String, Object> inputs = Map.of("country", "DE", "discountPercent", 2.0, "netValue", 1_000.0);
        Object before = preview.singleEntry(KEY, inputs);
        Deployment newer = repositoryService.createDeployment().name("preview-test")
                .addString("quote-approval-level.dmn", table("\"DIRECTOR\"")).deploy();
        try {
            assertThat(preview.singleEntry(KEY, inputs)).isEqualTo("DIRECTOR").isNotEqualTo(before);
        } finally {
            repositoryService.deleteDeployment(newer.getId(), true);
        }
        assertThat(preview.singleEntry(KEY, inputs)).isEqualTo(before);
    }

    @Test
    void aVersionInTheEnginesCacheIsPreviewedWithoutACommandAndOneOutOfItIsDeployedAgain() {
        Map<String, Object> inputs = Map.of("country", "US", "discountPercent", 30.0, "netValue", 900_000.0);
        Object decided = preview.singleEntry(KEY, inputs);
        long commands = previewCommands();
        assertThat(preview.singleEntry(KEY, inputs)).isEqualTo(decided);
        assertThat(previewCommands()).isEqualTo(commands);

        engine.getDeploymentCache().discardDecisionDefinitionCache();
        assertThat(preview.singleEntry(KEY, inputs)).isEqualTo(decided);
        assertThat(previewCommands()).isEqualTo(commands + 1);
    }

    @Test
    void aTableNeverDeployedIsNotFound() {
        assertThatThrownBy(() -> preview.singleEntry("no-such-table", Map.of()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-table");
    }

    /** The engine's count of the commands that put a version of a table in its cache for the preview. */
    private long previewCommands() {
        CommandCounter counter = engine.getDiagnosticsRegistry().getCommands().get("DecisionPreview_Deploy");
        return counter == null ? 0 : counter.get();
    }

    /** A version of the approval table with one rule, deciding {@code level} whatever the inputs. */
    private static String table(String level) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"
                             xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="preview-test"
                             name="Preview test" namespace="http://camunda.org/schema/1.0/dmn">
                  <decision id="%s" name="Quote approval level" camunda:historyTimeToLive="P1D">
                    <decisionTable id="table" hitPolicy="FIRST">
                      <input id="country"><inputExpression typeRef="string"><text>country</text></inputExpression></input>
                      <output id="level" name="approvalLevel" typeRef="string"/>
                      <rule id="any">
                        <inputEntry id="anyCountry"><text>-</text></inputEntry>
                        <outputEntry id="decided"><text>%s</text></outputEntry>
                      </rule>
                    </decisionTable>
                  </decision>
                </definitions>""".formatted(KEY, level);
    }
}
