package io.orderflow.security;

import static io.orderflow.security.CamundaInternals.field;
import static io.orderflow.security.CamundaInternals.read;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.GetDeployedTaskFormCmd;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Completing a task is a command whose arguments are the task's form. Whoever completes a task (Tasklist's
 * submit-form, the engine REST's complete, the Java API) may submit exactly the enabled fields of the task's deployed
 * Camunda Form, as plain values that pass the rules the form declares (type, required, range, length, pattern,
 * allowed values). Anything else, a business reference such as {@code quoteCode} or a routing value such as
 * {@code approvalRequired} included, is refused with a form validation error naming the fields (400 over the engine
 * REST) before any variable is written. A task without a Camunda Form accepts no values. Checked inside the engine,
 * so no entry point can bypass it.
 */
@Configuration
class TaskFormContract {

    @Bean
    ProcessEnginePlugin completionsCarryOnlyFormFields() {
        return CommandInterceptors.insideTheCommandContext(new SubmittedFieldsCheck());
    }

    /** Runs inside the command context, before the completion it checks. */
    static final class SubmittedFieldsCheck extends CommandInterceptor {

        private static final Field COMPLETE_TASK_ID = field(CompleteTaskCmd.class, "taskId");
        private static final Field COMPLETE_VARIABLES = field(CompleteTaskCmd.class, "variables");
        private static final Field SUBMIT_TASK_ID = field(SubmitTaskFormCmd.class, "taskId");
        private static final Field SUBMIT_VARIABLES = field(SubmitTaskFormCmd.class, "properties");

        @Override
        public <T> T execute(Command<T> command) {
            if (command instanceof CompleteTaskCmd) {
                check((String) read(COMPLETE_TASK_ID, command), read(COMPLETE_VARIABLES, command));
            } else if (command instanceof SubmitTaskFormCmd) {
                check((String) read(SUBMIT_TASK_ID, command), read(SUBMIT_VARIABLES, command));
            }
            return next.execute(command);
        }

        private static void check(String taskId, Object variables) {
            CommandContext context = Context.getCommandContext();
            TaskEntity task = taskId == null ? null : context.getTaskManager().findTaskById(taskId);
            if (task == null) {
                return; // the command itself answers the unknown task
            }
            // who may not work on the task hears that first, as the command itself would tell them
            context.getProcessEngineConfiguration().getCommandCheckers().forEach(checker -> checker.checkTaskWork(task));
            Map<String, Object> submitted = plainValues(variables);
            List<String> problems = form(context, task).problems(submitted, task::getVariable);
            if (!problems.isEmpty()) {
                throw new FormFieldValidationException(null, "Task " + task.getTaskDefinitionKey() + " cannot be completed: "
                        + String.join("; ", problems) + ".");
            }
        }

        private static FormFields form(CommandContext context, TaskEntity task) {
            if (task.getTaskDefinition() == null || task.getTaskDefinition().getCamundaFormDefinitionKey() == null) {
                return FormFields.none();
            }
            InputStream form = context.runWithoutAuthorization(() -> new GetDeployedTaskFormCmd(task.getId()).execute(context));
            return FormFields.parse(form);
        }

        /** Submitted values as plain Java values; a serialized object (or file) is never a form value. */
        private static Map<String, Object> plainValues(Object variables) {
            Map<String, Object> plain = new LinkedHashMap<>();
            if (variables == null) {
                return plain;
            }
            Map<?, ?> map = (Map<?, ?>) variables;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = String.valueOf(entry.getKey());
                Object value = map instanceof VariableMap typed ? typed.getValueTyped(name) : entry.getValue();
                if (value instanceof TypedValue typed) {
                    if (typed.getType() != null && !typed.getType().isPrimitiveValueType()) {
                        throw new FormFieldValidationException(null, name + " must be a plain value, not a "
                                + typed.getType().getName() + " value.");
                    }
                    value = typed.getValue();
                }
                plain.put(name, value);
            }
            return plain;
        }
    }
}
