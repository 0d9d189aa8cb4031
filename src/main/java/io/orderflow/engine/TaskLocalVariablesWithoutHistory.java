package io.orderflow.engine;

import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * History level FULL, except for task-local variables. The application sets a variable on a task only for the person
 * to read (the quote's summary, the customer and product names, the approval that will follow, the validation so far),
 * from its own tables, which keep the facts and their changes; what people submit goes to the process and keeps its
 * full history. Kept in history, each of those texts would be copied twice per task (instance and detail) for nobody.
 */
@Component
class TaskLocalVariablesWithoutHistory extends AbstractProcessEnginePlugin {

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setHistoryEventHandler(new Filter(configuration.getHistoryEventHandler()));
    }

    private record Filter(HistoryEventHandler delegate) implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (!taskLocalVariable(event)) {
                delegate.handleEvent(event);
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            delegate.handleEvents(events.stream().filter(event -> !taskLocalVariable(event)).toList());
        }

        private static boolean taskLocalVariable(HistoryEvent event) {
            return event instanceof HistoricVariableUpdateEventEntity variable && variable.getTaskId() != null;
        }
    }
}
