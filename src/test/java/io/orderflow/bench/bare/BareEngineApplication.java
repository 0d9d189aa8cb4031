package io.orderflow.bench.bare;

import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The bare Camunda engine of the load benchmark: the application's three models, two decisions and forms on the same
 * engine, history level and engine settings, with {@link NoOpDelegates no-op delegates} and nothing else of the
 * application (configuration: {@code bare-engine.yaml}). The benchmark drives it over the engine REST at
 * {@code /engine-rest} (no authentication), as it drives the application; {@code /actuator/health} answers 200 once it
 * is ready. Started as a JVM of its own (by {@code io.orderflow.bench.BareEngineTarget}):
 * <pre>
 * java -cp &lt;test classpath&gt; io.orderflow.bench.bare.BareEngineApplication --server.port=P
 *     --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/DB --spring.datasource.username=postgres
 *     --spring.datasource.password=
 * </pre>
 * Without a datasource on the command line it runs on an in-memory H2 database.
 * <p>
 * No delegate writes a variable here: whatever a later element reads (due dates, timer dates and durations, routing
 * values) the caller supplies. Dates are engine REST dates ({@code yyyy-MM-dd'T'HH:mm:ss.SSSZ}, e.g.
 * {@code 2030-01-01T12:00:00.000+0000}); every variable below is {@code {"value": ..., "type": ...}}. The paths, as
 * {@code BareEngineTest} walks them:
 * <ol type="a">
 * <li>Quote intake: {@code POST /engine-rest/message} with {@code {"messageName": "QuoteRequested", "businessKey": CODE,
 * "resultEnabled": true, "processVariables": {quoteCode: CODE String, country: "DE" String, reviewDueAt: Date}}} answers
 * 200 with {@code [{"resultType": "ProcessDefinition", "processInstance": {"id": ID, ...}}]}. The start event is a
 * save point: the job executor runs its job, then
 * {@code GET /engine-rest/task?processInstanceBusinessKey=CODE&taskDefinitionKey=reviewQuote} finds the review (due at
 * reviewDueAt, candidate group sales) and {@code GET /engine-rest/job?timers=true&processInstanceId=ID&activityId=reviewOverdue}
 * its timer, due at reviewDueAt.</li>
 * <li>Task completion: {@code POST /engine-rest/task/{taskId}/complete} with {@code {"variables": {reviewOutcome:
 * "reject" String, offeredDiscountPercent: 0.0 Double, validityDays: 30 Long}}} answers 204, and the quote has ended
 * within that call (rejectQuote, quoteRejected): {@code GET /engine-rest/history/process-instance/ID} says
 * {@code "state": "COMPLETED"}. The bare engine needs only reviewOutcome; the other two are required fields of the
 * reviewQuote form, without which the application refuses the completion.</li>
 * <li>Timer: {@code POST /engine-rest/job/{jobId}/execute} (no body) with the reviewOverdue timer's job id answers 204
 * after escalateReview and reviewEscalated ran
 * ({@code GET /engine-rest/history/activity-instance?processInstanceId=ID&activityId=escalateReview&finished=true});
 * the timer does not interrupt, the review task stays.</li>
 * <li>Callback correlation: {@code POST /engine-rest/process-definition/key/customer-validation/start} with
 * {@code {"businessKey": ORDER_CODE, "variables": {orderRequestId: String, commerceOrderCode: ORDER_CODE String,
 * kycRequired: true Boolean, approvalRequired: true Boolean, taskDueAt: Date, detailsReminderAfter: "P3D" String,
 * detailsTimeoutAfter: "P7D" String, validationTimeout: "PT4H" String}}} answers 200 with {@code {"id": ID, ...}}; the
 * task requestCustomerDetails is there at once. Complete it with {@code detailsChannel: "enter"}, then submitKycData
 * with its form's fields (legalName, taxId, licenceNumber, addressLine1, city, postalCode, region, country "DE", all
 * String; the bare engine reads none of them). requestValidation is a save point: once the job executor ran it,
 * {@code GET /engine-rest/event-subscription?eventType=message&eventName=ValidationCompleted&processInstanceId=ID}
 * finds the instance waiting in the receive task validationCompleted (with the validationOverdue timer). Then
 * {@code POST /engine-rest/message} with {@code {"messageName": "ValidationCompleted", "processInstanceId": ID,
 * "processVariables": {validationStatus: "MATCH" String}, "resultEnabled": true}} answers 200 with
 * {@code [{"resultType": "Execution", ...}]}; two more jobs (after the receive task, before linkCustomer) and the
 * instance waits in the user task approveOrder (with approvalRequired false it ends in customerApproved instead).
 * taskDueAt is every customer-validation user task's due date, the two details durations are the email path's timers,
 * validationTimeout is the timer on validationCompleted.</li>
 * </ol>
 * Beyond a-d: an offer ({@code reviewOutcome: "offer"}) runs the quote-approval-level decision on the variables
 * country, discountPercent (Double) and netValue (Double), and the offer's four timers need inactivityReminderAt,
 * beforeExpiryReminderAt, expiryDayReminderAt and expiresAt (Date), all supplied with QuoteRequested; an approval
 * besides needs approvingGroup and approvalDueAt. {@code QuoteAccepted} correlates by business key with
 * {@code buyerDecision: "accept"} and {@code orderRequestId}, and the order that follows is released. An order placed
 * with {@code OrderPlaced} (business key: the order request id) needs orderRequestId and commerceOrderCode; its
 * post-order-validation decision reads country, customerValidationStatus, highestProductClass and orderValue (Double)
 * from the variables. Only orders the decision lets go without validation get through here: a customer-validation
 * that order-handoff calls receives only orderRequestId, commerceOrderCode, kycRequired and approvalRequired, and its
 * first user task then lacks taskDueAt (the application's openValidation writes it). Drive customer-validation
 * directly as in d.
 */
@SpringBootApplication
// The application's own component scan (io.orderflow) sees this class on the test classpath: it must stay out of the
// application's tests, which would otherwise run with no-op delegates.
@ConditionalOnProperty(name = BareEngineApplication.MARKER, havingValue = "true")
public class BareEngineApplication {

    static final String MARKER = "orderflow.bench.bare-engine";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The bare engine as {@link #main} starts it; {@code run(args)} with the command line's arguments. */
    public static SpringApplicationBuilder builder() {
        // bare-engine.yaml instead of application.yaml, which target/classes puts on the same classpath
        return new SpringApplicationBuilder(BareEngineApplication.class).main(BareEngineApplication.class)
                .properties("spring.config.name=bare-engine", MARKER + "=true");
    }

    // a bean method rather than a component: the application's scan would find a component in io.orderflow
    @Bean
    ProcessEnginePlugin noOpDelegates() {
        return new NoOpDelegates();
    }
}
