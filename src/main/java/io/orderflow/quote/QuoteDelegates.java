package io.orderflow.quote;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import io.orderflow.engine.OpenTasks;
import io.orderflow.quote.QuoteProcess.Values;
import io.orderflow.quote.QuoteProcess.Variables;
import io.orderflow.security.CurrentUser;
import io.orderflow.security.TaskAccess;
import io.orderflow.tasks.TaskSubject;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
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
    private final TaskAccess taskAccess;

    QuoteDelegates(QuoteService quotes, CurrentUser currentUser, TaskAccess taskAccess) {
        this.quotes = quotes;
        this.currentUser = currentUser;
        this.taskAccess = taskAccess;
    }

    /** Tasklist names each task of a quote after it: code, customer, net value. */
    @Bean
    TaskSubject quoteTaskSubject() {
        return (processKey, code) -> QuoteProcess.KEY.equals(processKey) ? Optional.of(quotes.taskSubject(code))
                : Optional.empty();
    }

    @Bean
    JavaDelegate notifyQuoteReceived() {
        return execution -> quotes.confirmReceipt(code(execution));
    }

    @Bean
    JavaDelegate startReview() {
        return execution -> execution.setVariable(Variables.REVIEW_DUE_AT, Date.from(quotes.startReview(code(execution))));
    }

    @Bean
    TaskListener prepareReview() {
        return task -> {
            QuoteService.Review review = quotes.review(code(task));
            task.setVariableLocal(Variables.QUOTE_SUMMARY, review.summary());
            task.setVariablesLocal(review.facts());
            if (task.getVariable(Variables.VALIDITY_DAYS) == null) {
                task.setVariable(Variables.VALIDITY_DAYS, (long) review.defaultValidityDays());
            }
            if (task.getVariable(Variables.OFFERED_DISCOUNT_PERCENT) == null) {
                task.setVariable(Variables.OFFERED_DISCOUNT_PERCENT, review.requestedDiscount().doubleValue());
            }
        };
    }

    /** The form has checked the fields (see TaskFormContract); the quote checks that it is in review. */
    @Bean
    TaskListener recordReview() {
        return task -> {
            BigDecimal discount = new BigDecimal(task.getVariable(Variables.OFFERED_DISCOUNT_PERCENT).toString());
            int validity = ((Number) task.getVariable(Variables.VALIDITY_DAYS)).intValue();
            BigDecimal netValue = quotes.recordReview(code(task), currentUser.require(task.getTaskDefinitionKey()),
                    discount, validity,
                    (String) task.getVariable(Variables.SELLER_COMMENT));
            task.setVariable(Variables.DISCOUNT_PERCENT, discount.doubleValue());
            task.setVariable(Variables.NET_VALUE, netValue.doubleValue());
        };
    }

    @Bean
    JavaDelegate escalateReview() {
        return execution -> quotes.escalateReview(code(execution), OpenTasks.of(execution, QuoteProcess.Elements.REVIEW_QUOTE),
                ((Date) execution.getVariable(Variables.REVIEW_DUE_AT)).toInstant());
    }

    @Bean
    JavaDelegate rejectQuote() {
        return execution -> quotes.reject(code(execution));
    }

    @Bean
    JavaDelegate requestApproval() {
        return execution -> {
            QuoteService.Approval approval = quotes.startApproval(code(execution),
                    (String) execution.getVariable(Variables.APPROVAL_LEVEL));
            execution.setVariable(Variables.APPROVAL_DUE_AT, Date.from(approval.dueAt()));
            execution.setVariable(Variables.APPROVING_GROUP, approval.group());
        };
    }

    /**
     * Four eyes in the list: the approving group is offered the approval, except its reviewer, who does not see it in
     * Tasklist at all (a manager who took over an escalated review is such a member); a claim anyway meets checkApprover.
     */
    @Bean
    TaskListener prepareApproval() {
        return task -> {
            String code = code(task);
            task.setVariableLocal(Variables.APPROVAL_SUMMARY, quotes.approvalSummary(code));
            String reviewer = quotes.get(code).getReviewerId();
            if (reviewer != null) {
                taskAccess.hide(task.getId(), reviewer);
            }
        };
    }

    /** Four eyes at the door: the approval cannot be claimed by, or assigned to, whoever may not decide it. */
    @Bean
    TaskListener checkApprover() {
        return task -> {
            if (task.getAssignee() != null) {
                quotes.checkApprover(code(task), task.getAssignee());
            }
        };
    }

    @Bean
    TaskListener recordApproval() {
        return task -> quotes.recordApproval(code(task), currentUser.require(task.getTaskDefinitionKey()),
                Values.APPROVE.equals(task.getVariable(Variables.APPROVAL_DECISION)),
                (String) task.getVariable(Variables.APPROVER_COMMENT));
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

    /** The handoff is over: the quote takes the fate of its order. */
    @Bean
    JavaDelegate markQuoteOrdered() {
        return execution -> quotes.recordOrderOutcome(code(execution),
                (String) execution.getVariable(Variables.ORDER_OUTCOME));
    }

    /** The quote is the instance's business key, never a variable someone completing a task could have written. */
    private static String code(DelegateExecution execution) {
        return execution.getProcessBusinessKey();
    }

    private static String code(DelegateTask task) {
        return code(task.getExecution());
    }
}
