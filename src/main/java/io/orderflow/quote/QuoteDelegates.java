package io.orderflow.quote;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;

import io.orderflow.quote.QuoteProcess.Values;
import io.orderflow.quote.QuoteProcess.Variables;
import io.orderflow.security.CurrentUser;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delegates and listeners of {@code quote-to-order}, by the bean names the model uses. Each maps variables to
 * one {@link QuoteService} call and the result back; the service holds the logic.
 */
@Configuration
class QuoteDelegates {

    private final QuoteService quotes;
    private final CurrentUser currentUser;

    QuoteDelegates(QuoteService quotes, CurrentUser currentUser) {
        this.quotes = quotes;
        this.currentUser = currentUser;
    }

    @Bean
    JavaDelegate notifyQuoteReceived() {
        return execution -> quotes.confirmReceipt(code(execution));
    }

    @Bean
    ExecutionListener scheduleReview() {
        return execution -> execution.setVariable(Variables.REVIEW_DUE_AT, Date.from(quotes.startReview(code(execution))));
    }

    @Bean
    TaskListener prepareReview() {
        return task -> {
            String code = code(task);
            task.setVariableLocal(Variables.QUOTE_SUMMARY, quotes.reviewSummary(code));
            if (task.getVariable(Variables.VALIDITY_DAYS) == null) {
                task.setVariable(Variables.VALIDITY_DAYS, (long) quotes.defaultValidityDays(code));
            }
            if (task.getVariable(Variables.OFFERED_DISCOUNT_PERCENT) == null) {
                task.setVariable(Variables.OFFERED_DISCOUNT_PERCENT, quotes.get(code).getRequestedDiscount().doubleValue());
            }
        };
    }

    @Bean
    TaskListener recordReview() {
        return task -> {
            String outcome = required(task, Variables.REVIEW_OUTCOME);
            if (!outcome.equals(Values.OFFER) && !outcome.equals(Values.REJECT)) {
                throw new BadUserRequestException(Variables.REVIEW_OUTCOME + " must be 'offer' or 'reject'");
            }
            BigDecimal discount = number(task, Variables.OFFERED_DISCOUNT_PERCENT, 0, 100);
            int validity = number(task, Variables.VALIDITY_DAYS, 7, 180).intValueExact();
            BigDecimal netValue = quotes.recordReview(code(task), currentUser.require(task.getTaskDefinitionKey()), discount, validity,
                    (String) task.getVariable(Variables.SELLER_COMMENT));
            task.setVariable(Variables.DISCOUNT_PERCENT, discount.doubleValue());
            task.setVariable(Variables.NET_VALUE, netValue.doubleValue());
        };
    }

    @Bean
    JavaDelegate escalateReview() {
        return execution -> quotes.escalateReview(code(execution), execution.getProcessInstanceId(),
                ((Date) execution.getVariable(Variables.REVIEW_DUE_AT)).toInstant());
    }

    @Bean
    JavaDelegate rejectQuote() {
        return execution -> quotes.reject(code(execution));
    }

    @Bean
    ExecutionListener scheduleApproval() {
        return execution -> {
            String level = (String) execution.getVariable(Variables.APPROVAL_LEVEL);
            if (!"NONE".equals(level)) {
                execution.setVariable(Variables.APPROVAL_DUE_AT, Date.from(quotes.startApproval(code(execution), level)));
            }
        };
    }

    @Bean
    TaskListener prepareApproval() {
        return task -> task.setVariableLocal(Variables.APPROVAL_SUMMARY, quotes.approvalSummary(code(task)));
    }

    @Bean
    TaskListener recordApproval() {
        return task -> {
            String decision = required(task, Variables.APPROVAL_DECISION);
            if (!decision.equals(Values.APPROVE) && !decision.equals(Values.REJECT)) {
                throw new BadUserRequestException(Variables.APPROVAL_DECISION + " must be 'approve' or 'reject'");
            }
            quotes.recordApproval(code(task), currentUser.require(task.getTaskDefinitionKey()), decision.equals(Values.APPROVE),
                    (String) task.getVariable(Variables.APPROVER_COMMENT));
        };
    }

    @Bean
    JavaDelegate sendOffer() {
        return execution -> {
            QuoteSchedule.OfferDates dates = quotes.sendOffer(code(execution));
            execution.setVariable(Variables.INACTIVITY_REMINDER_AT, Date.from(dates.inactivityReminderAt()));
            execution.setVariable(Variables.BEFORE_EXPIRY_REMINDER_AT, Date.from(dates.beforeExpiryReminderAt()));
            execution.setVariable(Variables.EXPIRY_DAY_REMINDER_AT, Date.from(dates.expiryDayReminderAt()));
            execution.setVariable(Variables.EXPIRES_AT, Date.from(dates.expiresAt()));
        };
    }

    @Bean
    JavaDelegate sendInactivityReminder() {
        return execution -> quotes.remind(code(execution), QuoteService.Reminder.INACTIVITY);
    }

    @Bean
    JavaDelegate sendBeforeExpiryReminder() {
        return execution -> quotes.remind(code(execution), QuoteService.Reminder.BEFORE_EXPIRY);
    }

    @Bean
    JavaDelegate sendExpiryDayReminder() {
        return execution -> quotes.remind(code(execution), QuoteService.Reminder.EXPIRY_DAY);
    }

    @Bean
    JavaDelegate expireQuote() {
        return execution -> quotes.expire(code(execution));
    }

    /** The handoff is over: the quote ends ORDERED when the order was released, else with the order's fate. */
    @Bean
    JavaDelegate markQuoteOrdered() {
        return execution -> quotes.recordOrderOutcome(code(execution),
                (String) execution.getVariable(Variables.COMMERCE_ORDER_CODE),
                (String) execution.getVariable(Variables.ORDER_OUTCOME));
    }

    private static String code(VariableScope scope) {
        return (String) scope.getVariable(Variables.QUOTE_CODE);
    }

    private static String required(DelegateTask task, String name) {
        Object value = task.getVariable(name);
        if (value == null || value.toString().isBlank()) {
            throw new BadUserRequestException(name + " is required");
        }
        return value.toString();
    }

    private static BigDecimal number(DelegateTask task, String name, int min, int max) {
        Object value = task.getVariable(name);
        if (!(value instanceof Number number)) {
            throw new BadUserRequestException(name + " must be a number");
        }
        BigDecimal decimal = new BigDecimal(number.toString());
        if (decimal.compareTo(BigDecimal.valueOf(min)) < 0 || decimal.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new BadUserRequestException(name + " must be between " + min + " and " + max);
        }
        return decimal;
    }
}
