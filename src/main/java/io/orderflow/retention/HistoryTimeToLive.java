package io.orderflow.retention;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The history time-to-live of every version of every process and decision, as configured
 * ({@code orderflow.retention}); the models' own {@code historyTimeToLive} is only what a deployment starts with. Set
 * once the process application is deployed, so a changed retention applies to the versions deployed before it and to
 * instances that end from then on (Camunda fixes an instance's removal time when it ends).
 */
@Component
class HistoryTimeToLive {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryTimeToLive.class);

    private final RepositoryService repository;
    private final RetentionProperties properties;

    HistoryTimeToLive(RepositoryService repository, RetentionProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    @EventListener(PostDeployEvent.class)
    void apply() {
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().list()) {
            int days = properties.processDays(definition.getKey());
            if (!Integer.valueOf(days).equals(definition.getHistoryTimeToLive())) {
                set(definition.getId(), days, () -> repository.updateProcessDefinitionHistoryTimeToLive(definition.getId(), days));
            }
        }
        for (DecisionDefinition definition : repository.createDecisionDefinitionQuery().list()) {
            int days = properties.decisionDays(definition.getKey());
            if (!Integer.valueOf(days).equals(definition.getHistoryTimeToLive())) {
                set(definition.getId(), days, () -> repository.updateDecisionDefinitionHistoryTimeToLive(definition.getId(), days));
            }
        }
    }

    private static void set(String definitionId, int days, Runnable update) {
        try {
            update.run();
            LOG.info("History time-to-live of {}: {} days", definitionId, days);
        } catch (OptimisticLockingException e) {
            // another node starting at the same time set it
            LOG.debug("History time-to-live of {} set by another node", definitionId);
        }
    }
}
