package io.orderflow.validation;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import io.orderflow.country.UnknownRegionException;
import io.orderflow.integration.reltio.ReltioProperties;
import io.orderflow.order.OrderService;
import io.orderflow.security.CurrentUser;
import io.orderflow.tasks.TaskSubject;
import io.orderflow.validation.ValidationProcess.Variables;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delegates and listeners of {@code customer-validation}, by the bean names the model uses. */
@Configuration
class ValidationDelegates {

    private final ValidationService validations;
    private final ValidationProperties properties;
    private final ReltioProperties reltio;
    private final CurrentUser currentUser;

    ValidationDelegates(ValidationService validations, ValidationProperties properties, ReltioProperties reltio,
            CurrentUser currentUser) {
        this.validations = validations;
        this.properties = properties;
        this.reltio = reltio;
        this.currentUser = currentUser;
    }

    /** Tasklist names each validation task after its order: order code, customer, value. */
    @Bean
    TaskSubject validationTaskSubject(OrderService orders) {
        return (processKey, key) -> ValidationProcess.KEY.equals(processKey) ? orders.taskSubject(key) : Optional.empty();
    }

    @Bean
    JavaDelegate openValidation() {
        return execution -> {
            validations.open(id(execution), (String) execution.getVariable(Variables.COMMERCE_ORDER_CODE),
                    execution.getProcessInstanceId());
            execution.setVariable(Variables.DETAILS_REMINDER_AFTER, properties.detailsReminderAfter().toString());
            execution.setVariable(Variables.DETAILS_TIMEOUT_AFTER, properties.detailsTimeoutAfter().toString());
            execution.setVariable(Variables.VALIDATION_TIMEOUT, reltio.resultTimeout().toString());
            execution.setVariable(Variables.TASK_DUE_AT, Date.from(validations.taskDueAt(id(execution))));
        };
    }

    /**
     * Every step shows the validation so far (task-local, display only); the KYC step starts from the data already
     * entered. Editable fields are set on the process, because completing a task writes the submitted values there;
     * they are removed again once stored on the validation.
     */
    @Bean
    TaskListener prepareValidationTask() {
        return task -> {
            String id = id(task);
            task.setDueDate(Date.from(validations.taskDueAt(id)));
            validations.formValues(id, task.getTaskDefinitionKey()).forEach((name, value) -> {
                if (ValidationService.KYC_FIELDS.contains(name)) {
                    if (value != null) {
                        task.getExecution().setVariable(name, value);
                    }
                } else {
                    task.setVariableLocal(name, value);
                }
            });
        };
    }

    @Bean
    TaskListener recordDetailsChannel() {
        return task -> oneOf(task, Variables.DETAILS_CHANNEL, "email", "enter");
    }

    @Bean
    JavaDelegate sendDetailsRequest() {
        return execution -> validations.askBuyerForDetails(id(execution), false);
    }

    @Bean
    JavaDelegate remindBuyerOfDetails() {
        return execution -> validations.askBuyerForDetails(id(execution), true);
    }

    @Bean
    TaskListener recordFollowUp() {
        return task -> {
            String outcome = oneOf(task, Variables.FOLLOW_UP_OUTCOME, "enter", "reject");
            if (outcome.equals("reject")) {
                validations.reason(id(task), reasonRequired(task));
            }
        };
    }

    /** A region that cannot be resolved refuses the completion, naming the value; the form keeps what was typed. */
    @Bean
    TaskListener recordKycData() {
        return task -> {
            CustomerValidation.KycData data = new CustomerValidation.KycData(text(task, "legalName"), text(task, "taxId"),
                    (String) task.getVariable("licenceNumber"), text(task, "addressLine1"), text(task, "city"),
                    text(task, "postalCode"), text(task, "region"), text(task, "country"));
            try {
                validations.submitDetails(id(task), data, currentUser.require(task.getTaskDefinitionKey()));
            } catch (UnknownRegionException e) {
                throw new BadUserRequestException("region: " + ValidationService.regionProblem(e));
            }
            task.getExecution().removeVariables(ValidationService.KYC_FIELDS);
        };
    }

    @Bean
    JavaDelegate recordValidationRequest() {
        return execution -> validations.requested(id(execution),
                (String) execution.getVariable(Variables.VALIDATION_REQUEST_ID));
    }

    @Bean
    TaskListener recordChase() {
        return task -> oneOf(task, Variables.CHASE_OUTCOME, "resubmit", "wait");
    }

    @Bean
    TaskListener recordMatchResolution() {
        return task -> validations.chooseMaster(id(task), text(task, Variables.CHOSEN_MASTER));
    }

    @Bean
    TaskListener recordFailureReview() {
        return task -> {
            if (oneOf(task, Variables.FAILURE_DECISION, "fix", "reject").equals("reject")) {
                validations.reason(id(task), reasonRequired(task));
            }
        };
    }

    @Bean
    JavaDelegate recordLinkRefused() {
        return execution -> validations.linkRefused(id(execution));
    }

    @Bean
    TaskListener prepareLinkRefusalTask() {
        return task -> task.setVariableLocal(Variables.REFUSAL_SUMMARY, validations.linkRefusalSummary(id(task),
                (String) task.getVariable(Variables.COMMERCE_REFUSAL)));
    }

    /** Giving up needs a reason: it rejects the validation and the buyer is told it when the order is cancelled. */
    @Bean
    TaskListener checkLinkRefusalResolution() {
        return task -> {
            if ("giveUp".equals(oneOf(task, Variables.REFUSAL_RESOLUTION, "retry", "giveUp"))) {
                text(task, Variables.REFUSAL_REASON);
            }
        };
    }

    @Bean
    JavaDelegate recordLinkRetried() {
        return execution -> validations.linkRetried(id(execution));
    }

    @Bean
    JavaDelegate recordLinkGivenUp() {
        return execution -> validations.reason(id(execution),
                String.valueOf(execution.getVariable(Variables.REFUSAL_REASON)).strip());
    }

    @Bean
    JavaDelegate recordCustomerLinked() {
        return execution -> validations.customerLinked(id(execution));
    }

    @Bean
    TaskListener recordOrderApproval() {
        return task -> {
            String decision = oneOf(task, Variables.ORDER_DECISION, "approve", "reject");
            String approver = currentUser.require(task.getTaskDefinitionKey());
            if (decision.equals("reject")) {
                validations.reason(id(task), reasonRequired(task) + " (" + approver + ")");
            }
        };
    }

    @Bean
    JavaDelegate completeValidation() {
        return execution -> {
            validations.finish(id(execution), true, null);
            execution.setVariable(Variables.VALIDATION_OUTCOME, ValidationProcess.APPROVED);
        };
    }

    @Bean
    JavaDelegate rejectValidation() {
        return execution -> {
            validations.finish(id(execution), false, null);
            execution.setVariable(Variables.VALIDATION_OUTCOME, ValidationProcess.REJECTED);
        };
    }

    private static String oneOf(DelegateTask task, String name, String... allowed) {
        Object value = task.getVariable(name);
        if (value == null || !List.of(allowed).contains(value.toString())) {
            throw new BadUserRequestException(name + " must be one of " + List.of(allowed));
        }
        return value.toString();
    }

    private static String reasonRequired(DelegateTask task) {
        return text(task, Variables.DECISION_REASON);
    }

    private static String text(DelegateTask task, String name) {
        Object value = task.getVariable(name);
        if (value == null || value.toString().isBlank()) {
            throw new BadUserRequestException(name + " is required");
        }
        return value.toString().strip();
    }

    private static String id(VariableScope scope) {
        return (String) scope.getVariable(Variables.ORDER_REQUEST_ID);
    }
}
