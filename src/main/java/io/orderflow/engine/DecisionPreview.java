package io.orderflow.engine;

import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.springframework.stereotype.Component;

/**
 * What a decision table would decide, shown to a person before the process decides it (the approval a discount will
 * need, on the review form). The latest deployed version is evaluated as the business rule task will evaluate it, but
 * outside the engine's decision service: a preview is not a decision, so it leaves no decision history for auditors
 * to mistake for one, and it needs no permission to evaluate decisions.
 */
@Component
public class DecisionPreview {

    private final ProcessEngineConfigurationImpl engine;
    private final DmnEngine previews = ParsedOnceFeelEngine.dmnEngineConfiguration().buildEngine();

    DecisionPreview(ProcessEngineConfigurationImpl engine) {
        this.engine = engine;
    }

    /** The single output of the latest version of decision {@code key} for these inputs; null if no rule matched. */
    public Object singleEntry(String key, Map<String, Object> inputs) {
        DmnDecision decision = engine.getCommandExecutorTxRequired().execute(command ->
                (DecisionDefinitionEntity) engine.getDeploymentCache().findDeployedLatestDecisionDefinitionByKey(key));
        return previews.evaluateDecisionTable(decision, inputs).getSingleEntry();
    }
}
