package io.orderflow.order;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import io.orderflow.order.OrderProcess.Values;
import io.orderflow.order.OrderProcess.Variables;
import io.orderflow.tasks.TaskSubject;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delegates and listeners of {@code order-handoff}, by the bean names the model uses. The calls to commerce
 * themselves are Connect tasks; see {@code CommerceRequests} and {@code CommerceResponses}.
 */
@Configuration
class OrderDelegates {

    private final OrderService orders;

    /** Tasklist names each task of an order after it: order code, customer, value. */
    @Bean
    TaskSubject orderTaskSubject() {
        return (processKey, key) -> OrderProcess.KEY.equals(processKey) ? orders.taskSubject(key) : Optional.empty();
    }

    OrderDelegates(OrderService orders) {
        this.orders = orders;
    }

    @Bean
    JavaDelegate registerQuoteOrder() {
        return execution -> orders.registerFromQuote(id(execution), (String) execution.getVariable(Variables.QUOTE_CODE));
    }

    @Bean
    JavaDelegate recordOrderCreated() {
        return execution -> orders.created(id(execution), (String) execution.getVariable(Variables.COMMERCE_ORDER_CODE));
    }

    @Bean
    JavaDelegate recordOrderOnHold() {
        return execution -> moveTo(execution, OrderState.ON_HOLD);
    }

    @Bean
    JavaDelegate recordOrderInValidation() {
        return execution -> moveTo(execution, OrderState.IN_VALIDATION);
    }

    @Bean
    JavaDelegate recordOrderReleased() {
        return execution -> end(execution, OrderState.RELEASED);
    }

    @Bean
    JavaDelegate recordOrderCancelled() {
        return execution -> end(execution, OrderState.CANCELLED);
    }

    @Bean
    JavaDelegate recordHoldRefused() {
        return execution -> refused(execution, Values.HOLD);
    }

    @Bean
    JavaDelegate recordReleaseRefused() {
        return execution -> refused(execution, Values.RELEASE);
    }

    @Bean
    JavaDelegate recordCancelRefused() {
        return execution -> refused(execution, Values.CANCEL);
    }

    @Bean
    TaskListener prepareRefusalTask() {
        return task -> task.setVariableLocal(Variables.REFUSAL_SUMMARY, orders.refusalSummary(id(task),
                (String) task.getVariable(Variables.REFUSED_COMMERCE_CALL),
                (String) task.getVariable(Variables.COMMERCE_REFUSAL)));
    }

    /** Giving up needs a reason: the buyer is told it when the order is cancelled. */
    @Bean
    TaskListener checkRefusalResolution() {
        return task -> {
            Object resolution = task.getVariable(Variables.REFUSAL_RESOLUTION);
            if (!List.of(Values.RETRY, Values.GIVE_UP).contains(String.valueOf(resolution))) {
                throw new BadUserRequestException(Variables.REFUSAL_RESOLUTION + " must be one of "
                        + List.of(Values.RETRY, Values.GIVE_UP));
            }
            if (Values.GIVE_UP.equals(resolution) && reason(task) == null) {
                throw new BadUserRequestException(Variables.REFUSAL_REASON + " is required when giving up");
            }
        };
    }

    @Bean
    JavaDelegate recordRefusedCallRetried() {
        return execution -> orders.refusedCallRetried(id(execution));
    }

    @Bean
    JavaDelegate recordRefusedCallGivenUp() {
        return execution -> orders.refusedCallGivenUp(id(execution), reason(execution));
    }

    @Bean
    JavaDelegate markOrderFailed() {
        return execution -> {
            orders.failed(id(execution), "Commerce refused the order");
            // every end of the handoff sets its outcome in a step of its own; the quote reads nothing else
            execution.setVariable(Variables.ORDER_OUTCOME, OrderState.FAILED.name());
        };
    }

    @Bean
    JavaDelegate notifyOrderReleased() {
        return execution -> orders.notifyBuyer(id(execution), true);
    }

    @Bean
    JavaDelegate notifyOrderCancelled() {
        return execution -> orders.notifyBuyer(id(execution), false);
    }

    private void moveTo(DelegateExecution execution, OrderState state) {
        orders.moveTo(id(execution), state, (Boolean) execution.getVariable(Variables.KYC_REQUIRED),
                (Boolean) execution.getVariable(Variables.APPROVAL_REQUIRED));
    }

    /** An end state of the order: only these set the outcome the quote reads. */
    private void end(DelegateExecution execution, OrderState state) {
        moveTo(execution, state);
        execution.setVariable(Variables.ORDER_OUTCOME, state.name());
    }

    private void refused(DelegateExecution execution, String call) {
        execution.setVariable(Variables.REFUSAL_DUE_AT, Date.from(orders.commerceRefused(id(execution))));
        execution.setVariable(Variables.REFUSED_COMMERCE_CALL, call);
    }

    private static String reason(VariableScope scope) {
        Object value = scope.getVariable(Variables.REFUSAL_REASON);
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    /** The order request is the instance's business key, never a variable. */
    private static String id(DelegateExecution execution) {
        return execution.getProcessBusinessKey();
    }

    private static String id(DelegateTask task) {
        return task.getExecution().getProcessBusinessKey();
    }
}
