package io.orderflow.engine;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What a decision table would decide, shown to a person before the process decides it (the approval a discount will
 * need, on the review form). The latest deployed version is evaluated as the business rule task will evaluate it, but
 * outside the engine's decision service: a preview is not a decision, so it leaves no decision history for auditors
 * to mistake for one, and it needs no permission to evaluate decisions.
 * <p>
 * Which version is the latest is asked of the database at every preview, since any node may have deployed a newer one,
 * in one plain statement on the engine's table of decisions (the application's decisions have no tenant); the
 * engine's own query for it, built anew from its mapping at each call, cost more than the evaluation's lookup. The
 * version itself comes from the engine's cache of deployed decisions.
 */
@Component
public class DecisionPreview {

    private final ProcessEngineConfigurationImpl engine;
    private final JdbcTemplate jdbc;
    private final String latest;
    private final DmnEngine previews = ParsedOnceFeelEngine.dmnEngineConfiguration().buildEngine();

    DecisionPreview(ProcessEngineConfigurationImpl engine, JdbcTemplate jdbc) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.latest = "select id_ from " + engine.getDatabaseTablePrefix() + "act_re_decision_def"
                + " where key_ = ? and tenant_id_ is null order by version_ desc fetch first 1 rows only";
    }

    /** The single output of the latest version of decision {@code key} for these inputs; null if no rule matched. */
    public Object singleEntry(String key, Map<String, Object> inputs) {
        List<String> ids = jdbc.queryForList(latest, String.class, key);
        if (ids.isEmpty()) {
            throw new NotFoundException("No decision deployed with key '" + key + "'");
        }
        DmnDecision decision = engine.getCommandExecutorTxRequired().execute(command ->
                (DecisionDefinitionEntity) engine.getDeploymentCache().findDeployedDecisionDefinitionById(ids.get(0)));
        return previews.evaluateDecisionTable(decision, inputs).getSingleEntry();
    }
}
