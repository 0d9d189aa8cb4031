package io.orderflow.order;

import io.orderflow.order.OrderProcess.Elements;
import io.orderflow.order.OrderProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delegates and listeners of {@code order-handoff}, by the bean names the model uses. The calls to commerce
 * themselves are Connect tasks; see {@code CommerceRequests} and {@code CommerceResponses}.
 */
@Configuration
class OrderDelegates {

    private final OrderService orders;

    OrderDelegates(OrderService orders) {
        this.orders = orders;
    }

    @Bean
    ExecutionListener registerQuoteOrder() {
        return execution -> orders.registerFromQuote(id(execution), (String) execution.getVariable(Variables.QUOTE_CODE));
    }

    /** Records on the order what the step just ended (or started) means for it. */
    @Bean
    ExecutionListener recordOrderStatus() {
        return execution -> {
            String id = id(execution);
            switch (execution.getCurrentActivityId()) {
                case Elements.CREATE_COMMERCE_ORDER -> {
                    // also called when commerce refused the order and the task was left by its error event
                    String code = (String) execution.getVariable(Variables.COMMERCE_ORDER_CODE);
                    if (code != null) {
                        orders.created(id, code);
                    }
                }
                case Elements.HOLD_ORDER -> moveTo(execution, OrderState.ON_HOLD);
                case Elements.VALIDATE_CUSTOMER -> moveTo(execution, OrderState.IN_VALIDATION);
                case Elements.RELEASE_ORDER -> moveTo(execution, OrderState.RELEASED);
                case Elements.CANCEL_ORDER -> moveTo(execution, OrderState.CANCELLED);
                default -> throw new IllegalStateException("No order status for " + execution.getCurrentActivityId());
            }
        };
    }

    @Bean
    JavaDelegate markOrderFailed() {
        return execution -> {
            orders.failed(id(execution), "Commerce refused the order");
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
        execution.setVariable(Variables.ORDER_OUTCOME, state.name());
    }

    private static String id(DelegateExecution execution) {
        return (String) execution.getVariable(Variables.ORDER_REQUEST_ID);
    }
}
