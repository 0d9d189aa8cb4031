package io.orderflow.validation;

import java.time.Clock;
import java.util.Date;

import io.orderflow.country.CountrySettings;
import io.orderflow.order.OrderRequest;
import io.orderflow.order.OrderService;
import io.orderflow.security.CurrentUser;
import io.orderflow.validation.ValidationProcess.Variables;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delegates and listeners of {@code customer-validation}, by the bean names the model uses. */
@Configuration
class ValidationDelegates {

    private final OrderService orders;
    private final CountrySettings countries;
    private final CurrentUser currentUser;
    private final Clock clock;

    ValidationDelegates(OrderService orders, CountrySettings countries, CurrentUser currentUser, Clock clock) {
        this.orders = orders;
        this.countries = countries;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @Bean
    ExecutionListener scheduleOrderApproval() {
        return execution -> {
            OrderRequest order = orders.get(id(execution));
            execution.setVariable(Variables.APPROVAL_DUE_AT,
                    Date.from(clock.instant().plus(countries.country(order.getCountry()).reviewDue())));
            execution.setVariable(Variables.ORDER_SUMMARY, summary(order));
        };
    }

    @Bean
    TaskListener recordOrderApproval() {
        return task -> {
            Object decision = task.getVariable(Variables.ORDER_DECISION);
            String reason = (String) task.getVariable(Variables.DECISION_REASON);
            if (!"approve".equals(decision) && !"reject".equals(decision)) {
                throw new BadUserRequestException(Variables.ORDER_DECISION + " must be 'approve' or 'reject'");
            }
            if ("reject".equals(decision) && (reason == null || reason.isBlank())) {
                throw new BadUserRequestException(Variables.DECISION_REASON + " is required to reject an order");
            }
            String outcome = "approve".equals(decision) ? ValidationProcess.APPROVED : ValidationProcess.REJECTED;
            orders.validated((String) task.getVariable(Variables.ORDER_REQUEST_ID), outcome,
                    reason + " (" + currentUser.require(task.getTaskDefinitionKey()) + ")");
            task.setVariable(Variables.VALIDATION_OUTCOME, outcome);
        };
    }

    private static String summary(OrderRequest order) {
        StringBuilder summary = new StringBuilder();
        summary.append("Commerce order: ").append(order.getCommerceOrderCode()).append('\n')
                .append("Customer: ").append(order.getCustomerId()).append(" (B2B unit ").append(order.getB2bUnitId())
                .append(", ").append(order.getCountry()).append(")\n");
        order.getLines().forEach(line -> summary.append(line.getQuantity()).append(" × ").append(line.getSku())
                .append(" at ").append(line.getUnitPrice().toPlainString()).append(' ').append(order.getCurrency()).append('\n'));
        summary.append("Order value: ").append(order.value().toPlainString()).append(' ').append(order.getCurrency());
        if (order.getQuoteCode() != null) {
            summary.append("\nFrom quote: ").append(order.getQuoteCode());
        }
        return summary.toString();
    }

    private static String id(DelegateExecution execution) {
        return (String) execution.getVariable(Variables.ORDER_REQUEST_ID);
    }
}
