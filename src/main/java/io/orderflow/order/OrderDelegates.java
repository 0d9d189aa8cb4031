package io.orderflow.order;

import io.orderflow.order.OrderProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
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
        return execution -> moveTo(execution, OrderState.RELEASED);
    }

    @Bean
    JavaDelegate recordOrderCancelled() {
        return execution -> moveTo(execution, OrderState.CANCELLED);
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

    /** The order request is the instance's business key, never a variable. */
    private static String id(DelegateExecution execution) {
        return execution.getProcessBusinessKey();
    }
}
