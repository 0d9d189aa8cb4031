package io.orderflow.engine;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.Task;

/**
 * The open tasks of the process instance a delegate runs in, read by the instance's id: a task query builds its SQL
 * from some hundred optional criteria at every call, which cost more CPU than all the rest of a review's escalation.
 */
public final class OpenTasks {

    private OpenTasks() {
    }

    /** The open task of this user task in the execution's process instance; null when there is none. */
    public static Task of(DelegateExecution execution, String taskDefinitionKey) {
        return Context.getCommandContext().getTaskManager().findTasksByProcessInstanceId(execution.getProcessInstanceId())
                .stream().filter(task -> taskDefinitionKey.equals(task.getTaskDefinitionKey())).findFirst().orElse(null);
    }
}
