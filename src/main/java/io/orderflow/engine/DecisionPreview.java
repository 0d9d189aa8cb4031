package io.orderflow.engine;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
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
 * version itself comes from the engine's cache of deployed decisions, read as it is when it holds the version (a
 * command around that read cost as much as the read's statement) and through a command that deploys it when not.
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
        DmnDecision decision = engine.getDeploymentCache().findDecisionDefinitionFromCache(ids.get(0));
        if (decision == null) {
            decision = engine.getCommandExecutorTxRequired().execute(new Deploy(ids.get(0)));
        }
        return previews.evaluateDecisionTable(decision, inputs).getSingleEntry();
    }

    /** Reads the version from the database and puts it in the engine's cache, parsed. */
    private record Deploy(String decisionId) implements Command<DmnDecision> {

        @Override
        public DmnDecision execute(CommandContext commandContext) {
            return commandContext.getProcessEngineConfiguration().getDeploymentCache()
                    .findDeployedDecisionDefinitionById(decisionId);
        }
    }
}
