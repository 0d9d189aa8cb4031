package io.orderflow.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.HttpCalls;
import io.orderflow.FullCoverageOf;
import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import io.orderflow.order.OrderProcess;
import io.orderflow.integration.commerce.CommerceProperties;
import io.orderflow.notification.NotificationService;
import io.orderflow.notification.OutboxMessage;
import io.orderflow.notification.OutboxSender;
import io.orderflow.quote.QuoteProcess.Elements;
import io.orderflow.retention.Retention;
import io.orderflow.retention.RetentionProperties;
import io.orderflow.quote.QuoteProcess.Values;
import io.orderflow.quote.QuoteProcess.Variables;
import io.orderflow.sandbox.SandboxMailServer;
import io.orderflow.security.Groups;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code quote-to-order} model, driven the way the application drives it: quotes come in through
 * {@link QuoteService}, people complete their tasks as themselves, jobs and timers run when the test says so, at the
 * engine time the test sets. The class fails when a flow node or sequence flow of the model is left uncovered (report
 * in {@code target/process-test-coverage}).
 */
@FullCoverageOf(QuoteProcess.KEY)
class QuoteToOrderProcessTest extends IntegrationTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static final String SALES = "sara";
    private static final String MANAGER = "mike";
    private static final String DIRECTOR = "dora";

    private static final Buyer ANNA = new Buyer("anna.schmidt", "DE-UNIKLINIK", "DE", "EUR");
    private static final Buyer EMILY = new Buyer("emily.clark", "US-MERCY", "US", "USD");

    private static final String CONSUMABLE = "SKU-CONS-100";
    private static final String CAPITAL_EQUIPMENT = "SKU-CAP-200";
    private static final String CONTROLLED_DEVICE = "SKU-CTRL-300";

    record Buyer(String customerId, String b2bUnitId, String country, String currency) {
    }

    @Autowired
    Retention retention;
    @Autowired
    RetentionProperties retentionProperties;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    QuoteService quotes;
    @Autowired
    QuoteRepository quoteRepository;
    @Autowired
    NotificationService notifications;
    @Autowired
    OutboxSender outboxSender;
    @Autowired
    SandboxMailServer smtp;
    @Autowired
    Clock clock;
    @Autowired
    CommerceProperties commerce;
    @Autowired
    ObjectMapper json;
    @Value("${server.port}")
    int ownPort;

    @BeforeEach
    void driveThisEngineWithAnEmptyMailbox() {
        BpmnAwareTests.init(processEngine);
        smtp.clear();
    }

    @AfterEach
    void restoreAuthenticationAndClock() {
        identityService.clearAuthentication();
        ClockUtil.reset();
    }

    // --- request and review -----------------------------------------------------------------------------------

    @Test
    void requestIsConfirmedToBuyerAndWaitsForReviewBySales() {
        Instant requestedAt = Instant.parse("2026-06-01T08:00:00Z");
        moveClockTo(requestedAt);

        long decisionsBefore = historyService.createHistoricDecisionInstanceQuery().count();
        Quote quote = request(ANNA, "7.50", line(CONSUMABLE, 50, "120.00"), line(CONTROLLED_DEVICE, 2, "8000.00"));
        ProcessInstance pi = processOf(quote);
        assertThat(pi).isNotEnded();
        assertThat(pi).isWaitingAt(Elements.QUOTE_REQUESTED);
        execute(job(Elements.QUOTE_REQUESTED, pi));

        assertThat(pi).hasPassedInOrder(Elements.QUOTE_REQUESTED, Elements.NOTIFY_QUOTE_RECEIVED,
                Elements.REVIEW_REQUESTED).isWaitingAt(Elements.REVIEW_QUOTE);
        Task review = task(Elements.REVIEW_QUOTE, pi);
        assertThat(candidateGroups(review)).containsExactly(Groups.SALES);
        assertThat(review.getDueDate()).isEqualTo(Date.from(Instant.parse("2026-06-03T08:00:00Z")));
        assertThat(taskService.getVariableLocal(review.getId(), Variables.QUOTE_SUMMARY).toString())
                .contains(CONSUMABLE, CONTROLLED_DEVICE, "Requested discount: 7.50 %");
        assertThat(taskService.getVariables(review.getId())).containsEntry(Variables.VALIDITY_DAYS, 30L)
                .containsEntry(Variables.OFFERED_DISCOUNT_PERCENT, 7.5);
        Quote inReview = quotes.get(quote.getCode());
        assertThat(inReview.getState()).isEqualTo(QuoteState.IN_REVIEW);
        assertThat(inReview.getBuyerEmail()).isEqualTo("anna.schmidt@uniklinik-nord.example");
        // what the task shows is not kept in history; the process's own variables are
        assertThat(taskService.getVariablesLocal(review.getId())).containsKeys(Variables.QUOTE_SUMMARY, Variables.CUSTOMER_NAME);
        assertThat(historyService.createHistoricVariableInstanceQuery().taskIdIn(review.getId()).count()).isZero();
        assertThat(historyService.createHistoricDetailQuery().variableUpdates().taskId(review.getId()).count()).isZero();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName(Variables.VALIDITY_DAYS).count()).isOne();
        assertThat(taskService.getVariableLocal(review.getId(), Variables.EXPECTED_APPROVAL).toString())
                .startsWith("A sales manager approves");
        assertThat(historyService.createHistoricDecisionInstanceQuery().count()).as("the form's preview is no decision")
                .isEqualTo(decisionsBefore);

        assertThat(deliveredMails(quote)).singleElement().satisfies(mail -> {
            assertThat(mail.to()).isEqualTo("anna.schmidt@uniklinik-nord.example");
            assertThat(mail.subject()).isEqualTo("Ihre Angebotsanfrage " + quote.getCode() + " ist eingegangen");
        });
    }

    @Test
    void quoteTasksAreNamedAfterQuoteCustomerAndValueAndTheReviewFormShowsWhatTheReviewerDecidesOnByName() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "7.50", line(CONSUMABLE, 50, "120.00"), line(CONTROLLED_DEVICE, 2, "8000.00"));
        ProcessInstance pi = untilReview(quote);

        Task review = task(Elements.REVIEW_QUOTE, pi);
        assertThat(plain(review.getName())).isEqualTo("Review quote request · " + quote.getCode()
                + " · Dr. Anna Schmidt (DE-UNIKLINIK) · 20.350,00 €");
        Map<String, Object> shown = taskService.getVariablesLocal(review.getId());
        assertThat(shown.get(Variables.QUOTE_REFERENCE)).isEqualTo(quote.getCode() + " (version 1)");
        assertThat(shown.get(Variables.CUSTOMER_NAME)).isEqualTo("Dr. Anna Schmidt (DE-UNIKLINIK), DE");
        assertThat(shown.get(Variables.PRODUCT_NAMES))
                .isEqualTo("50 × Infusionsset, 100 Stück\n2 × Infusionspumpe IP-300");
        assertThat(plain(shown.get(Variables.NET_VALUE_AFTER_DISCOUNT)))
                .isEqualTo("20.350,00 € (list value 22.000,00 € less 7.50 %)");
        assertThat(shown.get(Variables.EXPECTED_APPROVAL))
                .isEqualTo("A sales manager approves at a discount of 7.50 %; a different discount is decided again");

        completeAs(SALES, List.of(Groups.SALES), review, reviewForm(15.0, 30L, Values.OFFER));
        Task approval = task(Elements.APPROVE_DISCOUNT, pi);
        assertThat(plain(approval.getName())).as("the value after the offered discount").isEqualTo("Approve discount · "
                + quote.getCode() + " · Dr. Anna Schmidt (DE-UNIKLINIK) · 18.700,00 €");
    }

    private boolean visibleTo(String user, List<String> groups, Task task) {
        identityService.setAuthentication(user, groups);
        try {
            return taskService.createTaskQuery().taskId(task.getId()).count() == 1;
        } finally {
            identityService.clearAuthentication();
        }
    }

    /** Currency formats put a non-breaking space before the symbol. */
    private static String plain(Object text) {
        return String.valueOf(text).replace('\u00a0', ' ');
    }

    @Test
    void overdueReviewIsEscalatedToSalesManagersWhileTheReviewStaysOpen() {
        String french = "lea";
        User lea = identityService.newUser(french);
        lea.setEmail("lea@orderflow.example");
        identityService.saveUser(lea);
        identityService.createMembership(french, Groups.SALES_MANAGERS);
        identityService.setUserInfo(french, QuoteService.STAFF_LOCALE, "fr");
        try {
            reviewIsEscalated();
        } finally {
            identityService.deleteUser(french);
        }
    }

    private void reviewIsEscalated() {
        Instant requestedAt = Instant.parse("2026-06-01T08:00:00Z");
        moveClockTo(requestedAt);
        Quote quote = request(ANNA, "3", line(CONSUMABLE, 10, "120.00"));
        ProcessInstance pi = untilReview(quote);
        Task review = task(Elements.REVIEW_QUOTE, pi);
        Instant reviewDue = requestedAt.plus(Duration.ofDays(2));
        assertThat(job(Elements.REVIEW_OVERDUE, pi).getDuedate()).isEqualTo(Date.from(reviewDue));

        moveClockTo(reviewDue.minusSeconds(60));
        fireDueTimers(pi);
        assertThat(pi).hasNotPassed(Elements.ESCALATE_REVIEW);
        assertThat(candidateGroups(review)).containsExactly(Groups.SALES);

        Quote readBefore = quotes.get(quote.getCode());
        moveClockTo(reviewDue);
        fireDueTimers(pi);

        assertThatThrownBy(() -> quoteRepository.save(readBefore))
                .as("the escalation is a change of the quote: a copy read before it is not written over it")
                .isInstanceOf(ObjectOptimisticLockingFailureException.class);
        assertThat(pi).hasPassed(Elements.REVIEW_OVERDUE, Elements.ESCALATE_REVIEW, Elements.REVIEW_ESCALATED)
                .isWaitingAt(Elements.REVIEW_QUOTE);
        assertThat(task(Elements.REVIEW_QUOTE, pi).getId()).as("the same review task goes on")
                .isEqualTo(review.getId());
        assertThat(candidateGroups(review)).containsExactlyInAnyOrder(Groups.SALES, Groups.SALES_MANAGERS);
        assertThat(quotes.get(quote.getCode()).isReviewEscalated()).isTrue();
        String taskName = task(Elements.REVIEW_QUOTE, pi).getName();
        assertThat(taskName).startsWith("Review quote request · " + quote.getCode() + " · Dr. Anna Schmidt");
        assertThat(outbox(quote, QuoteMails.REVIEW_OVERDUE)).as("each manager in their own language, not the buyer's")
                .extracting(OutboxMessage::getRecipient, OutboxMessage::getLocale)
                .contains(tuple("mike@orderflow.example", "en"), tuple("lea@orderflow.example", "fr"));
        assertThat(outbox(quote, QuoteMails.REVIEW_OVERDUE)).allSatisfy(mail -> assertThat(mail.getBodyHtml())
                .as("names the quote as Tasklist lists it").contains(taskName));
        assertThat(outbox(quote, QuoteMails.REVIEW_OVERDUE)).filteredOn(mail -> mail.getLocale().equals("en"))
                .extracting(OutboxMessage::getSubject).containsOnly("Overdue review escalated: quote request " + quote.getCode());

        completeAs(MANAGER, List.of(Groups.SALES_MANAGERS), review, reviewForm(3.0, 30L, Values.OFFER));
        assertThat(pi).isWaitingAt(Elements.BUYER_RESPONSE);
        assertThat(quotes.get(quote.getCode()).getReviewerId()).isEqualTo(MANAGER);
    }

    @Test
    void handoffThatEndsWithoutAnOutcomeFailsTheStepInsteadOfCountingAsOrdered() {
        Quote quote = request(ANNA, "3", line(CONSUMABLE, 10, "120.00"));
        ProcessInstance pi = untilReview(quote);

        assertThatThrownBy(() -> runtimeService.createProcessInstanceModification(pi.getId())
                .startBeforeActivity(Elements.MARK_QUOTE_ORDERED).execute())
                .hasMessageContaining("ended without an outcome");

        assertThat(quotes.get(quote.getCode()).getState()).isEqualTo(QuoteState.IN_REVIEW);
        assertThat(pi).isWaitingAt(Elements.REVIEW_QUOTE).hasNotPassed(Elements.MARK_QUOTE_ORDERED);
    }

    @Test
    void rejectedRequestEndsRejectedAndBuyerIsTold() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "40", line(CONSUMABLE, 10, "120.00"));
        ProcessInstance pi = untilReview(quote);

        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi),
                reviewForm(0.0, 30L, Values.REJECT));

        assertThat(pi).hasPassed(Elements.REVIEW_OUTCOME, Elements.REJECT_QUOTE, Elements.QUOTE_REJECTED)
                .hasNotPassed(Elements.DECIDE_APPROVAL_LEVEL).isEnded();
        assertThat(quotes.get(quote.getCode()).getState()).isEqualTo(QuoteState.REJECTED);
        assertThat(outbox(quote, QuoteMails.REJECTED)).hasSize(1);
        assertThat(jobsOf(pi)).as("the review timer went with the review").isEmpty();
    }

    @Test
    void stateChangesOfAQuoteFinishedLongerAgoThanTheRetentionGoWhileTheQuoteAndARunningQuotesChangesStay() {
        Instant start = Instant.parse("2026-06-01T08:00:00Z");
        moveClockTo(start);
        Quote rejected = request(ANNA, "40", line(CONSUMABLE, 10, "120.00"));
        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, untilReview(rejected)),
                reviewForm(0.0, 30L, Values.REJECT));
        Quote running = request(ANNA, "40", line(CONSUMABLE, 10, "120.00"));
        untilReview(running);
        int runningChanges = quotes.history(running.getCode()).size();
        assertThat(quotes.history(rejected.getCode())).hasSizeGreaterThan(1);

        retention.passIfNobodyElseIs(start.plus(retentionProperties.historyTimeToLive()).minus(Duration.ofDays(1)));

        assertThat(quotes.history(rejected.getCode())).as("not yet due").hasSizeGreaterThan(1);

        retention.passIfNobodyElseIs(start.plus(retentionProperties.historyTimeToLive()).plus(Duration.ofDays(1)));

        assertThat(quotes.history(rejected.getCode())).isEmpty();
        assertThat(quotes.get(rejected.getCode()).getState()).as("the quote is the business record")
                .isEqualTo(QuoteState.REJECTED);
        assertThat(quotes.history(running.getCode())).hasSize(runningChanges);
    }

    // --- approval -----------------------------------------------------------------------------------------------

    @Test
    void discountOfFivePercentIsOfferedWithoutApprovalAsVersionTwo() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "8", line(CONSUMABLE, 50, "120.00"));
        ProcessInstance pi = untilReview(quote);

        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(5.0, 30L, Values.OFFER));

        assertThat(pi).hasPassedInOrder(Elements.REVIEW_OUTCOME, Elements.DECIDE_APPROVAL_LEVEL,
                        Elements.APPROVAL_NEEDED, Elements.OFFER_READY, Elements.SEND_OFFER)
                .hasNotPassed(Elements.APPROVE_DISCOUNT).isWaitingAt(Elements.BUYER_RESPONSE);
        assertThat(runtimeService.getVariable(pi.getId(), Variables.APPROVAL_LEVEL)).isEqualTo("NONE");
        Quote offered = quotes.get(quote.getCode());
        assertThat(offered.getState()).isEqualTo(QuoteState.OFFERED);
        assertThat(offered.getCurrentVersion()).isEqualTo(2);
        assertThat(offered.getOfferedDiscount()).isEqualByComparingTo("5");
        assertThat(quotes.versions(quote.getCode())).extracting(QuoteVersion::getVersion, QuoteVersion::getReason)
                .containsExactly(tuple(1, "REQUESTED"), tuple(2, "OFFERED"));

        SandboxMailServer.Mail offerMail = deliveredMail(quote, "Ihr Angebot " + quote.getCode() + " liegt vor");
        assertThat(offerMail.locale()).isEqualTo("de");
        assertOfferLinkOpensQuotePage(offerMail, quote);
    }

    @Test
    void discountOfEighteenPercentIsApprovedBySalesManagerBeforeItIsOffered() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "18", line(CONTROLLED_DEVICE, 3, "8000.00"));
        ProcessInstance pi = untilReview(quote);

        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(18.0, 30L, Values.OFFER));

        assertThat(pi).hasPassed(Elements.DECIDE_APPROVAL_LEVEL).isWaitingAt(Elements.APPROVE_DISCOUNT);
        assertThat(runtimeService.getVariable(pi.getId(), Variables.APPROVAL_LEVEL)).isEqualTo("MANAGER");
        Task approval = task(Elements.APPROVE_DISCOUNT, pi);
        assertThat(candidateGroups(approval)).containsExactly(Groups.SALES_MANAGERS);
        assertThat(taskService.getVariableLocal(approval.getId(), Variables.APPROVAL_SUMMARY).toString())
                .contains("Offered discount: 18", "Reviewed by: " + SALES);
        assertThat(quotes.get(quote.getCode()).getState()).isEqualTo(QuoteState.PENDING_APPROVAL);

        completeAs(MANAGER, List.of(Groups.SALES_MANAGERS), approval, approvalForm(Values.APPROVE, "ok"));

        assertThat(pi).hasPassedInOrder(Elements.APPROVE_DISCOUNT, Elements.APPROVAL_DECISION, Elements.OFFER_READY,
                Elements.SEND_OFFER).isWaitingAt(Elements.BUYER_RESPONSE);
        Quote offered = quotes.get(quote.getCode());
        assertThat(offered.getState()).isEqualTo(QuoteState.OFFERED);
        assertThat(offered.getApproverId()).isEqualTo(MANAGER);
        assertThat(offered.getCurrentVersion()).isEqualTo(2);
    }

    @Test
    void discountAboveTwentyPercentIsApprovedBySalesDirector() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "25", line(CONSUMABLE, 100, "120.00"));
        ProcessInstance pi = untilReview(quote);

        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(20.5, 30L, Values.OFFER));

        assertThat(runtimeService.getVariable(pi.getId(), Variables.APPROVAL_LEVEL)).isEqualTo("DIRECTOR");
        Task approval = task(Elements.APPROVE_DISCOUNT, pi);
        assertThat(candidateGroups(approval)).containsExactly(Groups.SALES_DIRECTORS);

        completeAs(DIRECTOR, List.of(Groups.SALES_DIRECTORS), approval, approvalForm(Values.APPROVE, ""));

        assertThat(pi).isWaitingAt(Elements.BUYER_RESPONSE);
        assertThat(quotes.get(quote.getCode()).getApproverId()).isEqualTo(DIRECTOR);
    }

    @Test
    void dealOfAtLeast250000IsApprovedBySalesDirectorEvenWithoutDiscount() {
        moveClockTo(Instant.parse("2026-06-01T14:00:00Z"));
        Quote quote = request(EMILY, "0", line(CAPITAL_EQUIPMENT, 6, "45000.00"));
        ProcessInstance pi = untilReview(quote);

        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(0.0, 30L, Values.OFFER));

        assertThat(runtimeService.getVariable(pi.getId(), Variables.NET_VALUE)).isEqualTo(270000.0);
        assertThat(runtimeService.getVariable(pi.getId(), Variables.APPROVAL_LEVEL)).isEqualTo("DIRECTOR");
        Task approval = task(Elements.APPROVE_DISCOUNT, pi);
        assertThat(candidateGroups(approval)).containsExactly(Groups.SALES_DIRECTORS);

        completeAs(DIRECTOR, List.of(Groups.SALES_DIRECTORS), approval,
                approvalForm(Values.APPROVE, "strategic account"));

        assertThat(pi).isWaitingAt(Elements.BUYER_RESPONSE);
        SandboxMailServer.Mail offerMail = deliveredMail(quote, "Your offer " + quote.getCode() + " is ready");
        assertThat(offerMail.to()).isEqualTo("emily.clark@mercy.example");
        assertThat(offerMail.locale()).isEqualTo("en");
        assertOfferLinkOpensQuotePage(offerMail, quote);
    }

    @Test
    void approverSendsOfferBackToReviewWithCommentTheReviewerSees() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "18", line(CONTROLLED_DEVICE, 3, "8000.00"));
        ProcessInstance pi = untilReview(quote);
        Task firstReview = task(Elements.REVIEW_QUOTE, pi);
        completeAs(SALES, List.of(Groups.SALES), firstReview, reviewForm(18.0, 45L, Values.OFFER));

        String comment = "At most 12 % for a first order from this clinic";
        completeAs(MANAGER, List.of(Groups.SALES_MANAGERS), task(Elements.APPROVE_DISCOUNT, pi),
                approvalForm(Values.REJECT, comment));

        assertThat(pi).hasPassed(Elements.APPROVAL_DECISION).hasNotPassed(Elements.SEND_OFFER)
                .isWaitingAt(Elements.REVIEW_QUOTE);
        Task secondReview = task(Elements.REVIEW_QUOTE, pi);
        assertThat(secondReview.getId()).isNotEqualTo(firstReview.getId());
        assertThat(candidateGroups(secondReview)).containsExactly(Groups.SALES);
        assertThat(taskService.getVariables(secondReview.getId()))
                .containsEntry(Variables.APPROVER_COMMENT, comment)
                .as("the reviewer's last figures are kept").containsEntry(Variables.VALIDITY_DAYS, 45L)
                .containsEntry(Variables.OFFERED_DISCOUNT_PERCENT, 18.0);
        Quote sentBack = quotes.get(quote.getCode());
        assertThat(sentBack.getState()).isEqualTo(QuoteState.IN_REVIEW);
        assertThat(sentBack.getApproverComment()).isEqualTo(comment);

        completeAs(SALES, List.of(Groups.SALES), secondReview, reviewForm(12.0, 45L, Values.OFFER));
        completeAs(MANAGER, List.of(Groups.SALES_MANAGERS), task(Elements.APPROVE_DISCOUNT, pi),
                approvalForm(Values.APPROVE, ""));

        assertThat(pi).isWaitingAt(Elements.BUYER_RESPONSE);
        Quote offered = quotes.get(quote.getCode());
        assertThat(offered.getOfferedDiscount()).isEqualByComparingTo("12");
        assertThat(offered.getCurrentVersion()).isEqualTo(2);
    }

    @Test
    void reviewerCannotApproveTheirOwnDiscountEvenAsSalesManager() {
        String both = "tessa";
        User user = identityService.newUser(both);
        user.setEmail("tessa@orderflow.example");
        user.setPassword(PASSWORD);
        identityService.saveUser(user);
        identityService.createMembership(both, Groups.SALES);
        identityService.createMembership(both, Groups.SALES_MANAGERS);
        try {
            moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
            Quote quote = request(ANNA, "15", line(CONTROLLED_DEVICE, 3, "8000.00"));
            ProcessInstance pi = untilReview(quote);
            List<String> groups = List.of(Groups.SALES, Groups.SALES_MANAGERS);
            completeAs(both, groups, task(Elements.REVIEW_QUOTE, pi), reviewForm(15.0, 30L, Values.OFFER));
            Task approval = task(Elements.APPROVE_DISCOUNT, pi);
            assertThat(candidateGroups(approval)).containsExactly(Groups.SALES_MANAGERS);
            assertThat(visibleTo(both, groups, approval)).as("the reviewer is not offered the approval").isFalse();
            assertThat(visibleTo(MANAGER, List.of(Groups.SALES_MANAGERS), approval)).as("the other managers are").isTrue();

            String claimOverRest = "/engine-rest/engine/" + processEngine.getName() + "/task/" + approval.getId() + "/claim";
            HttpResponse<String> claim = HttpCalls.postJson(url(claimOverRest), "{\"userId\":\"" + both + "\"}",
                    "Authorization", HttpCalls.basic(both, PASSWORD));
            assertThat(claim.statusCode()).as("a claim anyway is refused, saying why").isEqualTo(403);
            assertThat(claim.body()).contains("Four eyes", "cannot approve its discount");
            assertThat(taskService.createTaskQuery().taskId(approval.getId()).singleResult().getAssignee()).isNull();

            assertThatThrownBy(() -> completeAs(both, groups, approval, approvalForm(Values.APPROVE, "fine by me")))
                    .isInstanceOf(FourEyesViolation.class).hasMessageContaining(both).hasMessageContaining(quote.getCode());
            String completeOverRest = "/engine-rest/engine/" + processEngine.getName() + "/task/" + approval.getId()
                    + "/complete";
            HttpResponse<String> overRest = HttpCalls.postJson(url(completeOverRest),
                    "{\"variables\":{\"" + Variables.APPROVAL_DECISION + "\":{\"value\":\"" + Values.APPROVE + "\"}}}",
                    "Authorization", HttpCalls.basic(both, PASSWORD));
            assertThat(overRest.statusCode()).as("as Tasklist and the engine REST see it").isEqualTo(403);
            assertThat(overRest.body()).contains("Four eyes");

            assertThat(pi).isWaitingAt(Elements.APPROVE_DISCOUNT).hasNotPassed(Elements.APPROVAL_DECISION);
            assertThat(task(Elements.APPROVE_DISCOUNT, pi).getId()).isEqualTo(approval.getId());
            Quote pending = quotes.get(quote.getCode());
            assertThat(pending.getState()).isEqualTo(QuoteState.PENDING_APPROVAL);
            assertThat(pending.getApproverId()).isNull();

            completeAs(MANAGER, List.of(Groups.SALES_MANAGERS), approval, approvalForm(Values.APPROVE, ""));
            assertThat(pi).isWaitingAt(Elements.BUYER_RESPONSE);
            assertThat(quotes.get(quote.getCode())).extracting(Quote::getReviewerId, Quote::getApproverId)
                    .containsExactly(both, MANAGER);
        } finally {
            identityService.clearAuthentication();
            identityService.deleteUser(both);
        }
    }

    // --- the open offer: reminders and expiry ---------------------------------------------------------------

    @Test
    void remindersEachSendExactlyOneMailOfTheirTypeAtTheirTime() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "2", line(CONSUMABLE, 10, "120.00"));
        ProcessInstance pi = untilReview(quote);
        moveClockTo(Instant.parse("2026-06-01T09:00:00Z"));
        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(2.0, 14L, Values.OFFER));
        // offered Monday 2026-06-01 11:00 in Berlin (CEST, UTC+2), 14 days: last valid day Monday 2026-06-15
        Instant inactivity = Instant.parse("2026-06-08T09:00:00Z");
        Instant beforeExpiry = Instant.parse("2026-06-12T06:00:00Z");
        Instant expiryDay = Instant.parse("2026-06-15T06:00:00Z");

        moveClockTo(inactivity);
        fireDueTimers(pi);
        assertThat(reminderMails(quote)).containsExactly(QuoteService.Reminder.INACTIVITY.mailType);
        assertThat(pi).hasPassed(Elements.INACTIVITY_REMINDER).isWaitingAt(Elements.BUYER_RESPONSE);

        moveClockTo(beforeExpiry);
        fireDueTimers(pi);
        assertThat(reminderMails(quote)).containsExactly(QuoteService.Reminder.INACTIVITY.mailType,
                QuoteService.Reminder.BEFORE_EXPIRY.mailType);

        moveClockTo(expiryDay);
        fireDueTimers(pi);
        assertThat(reminderMails(quote)).containsExactly(QuoteService.Reminder.INACTIVITY.mailType,
                QuoteService.Reminder.BEFORE_EXPIRY.mailType, QuoteService.Reminder.EXPIRY_DAY.mailType);

        assertThat(pi).hasPassed(Elements.BEFORE_EXPIRY_REMINDER, Elements.EXPIRY_DAY_REMINDER)
                .isWaitingAt(Elements.BUYER_RESPONSE);
        assertThat(quotes.get(quote.getCode()).getState()).isEqualTo(QuoteState.OFFERED);
        assertThat(deliveredMails(quote)).extracting(SandboxMailServer.Mail::locale).containsOnly("de");
    }

    @Test
    void untouchedGermanOfferExpiresAtEndOfLastValidDayInBerlin() {
        moveClockTo(Instant.parse("2026-03-27T09:00:00Z"));
        Quote quote = request(ANNA, "0", line(CONSUMABLE, 20, "120.00"));
        ProcessInstance pi = untilReview(quote);
        Instant offeredAt = Instant.parse("2026-03-27T10:00:00Z");
        moveClockTo(offeredAt);
        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(0.0, 30L, Values.OFFER));

        // offered on 27 March in winter time (CET); Berlin moves to summer time (CEST) on 29 March
        LocalDate lastValidDay = LocalDate.of(2026, 4, 26);
        Instant expiry = ZonedDateTime.of(lastValidDay.plusDays(1), LocalTime.MIDNIGHT, BERLIN).toInstant();
        assertThat(expiry).isEqualTo(Instant.parse("2026-04-26T22:00:00Z"));
        assertThat(quotes.get(quote.getCode()).getLastValidDay()).isEqualTo(lastValidDay);
        assertThat(timerDue(pi, Elements.QUOTE_EXPIRED)).isEqualTo(expiry);
        assertThat(timerDue(pi, Elements.EXPIRY_DAY_REMINDER))
                .isEqualTo(ZonedDateTime.of(lastValidDay, LocalTime.of(8, 0), BERLIN).toInstant())
                .isEqualTo(Instant.parse("2026-04-26T06:00:00Z"));
        assertThat(timerDue(pi, Elements.BEFORE_EXPIRY_REMINDER))
                .isEqualTo(ZonedDateTime.of(lastValidDay.minusDays(3), LocalTime.of(8, 0), BERLIN).toInstant());
        assertThat(timerDue(pi, Elements.INACTIVITY_REMINDER)).isEqualTo(offeredAt.plus(Duration.ofDays(7)));

        assertExpiresExactlyAt(quote, pi, expiry);

        assertThat(deliveredMail(quote, "Ihr Angebot " + quote.getCode() + " ist abgelaufen").locale()).isEqualTo("de");
    }

    @Test
    void untouchedAmericanOfferExpiresAtEndOfLastValidDayInNewYork() {
        moveClockTo(Instant.parse("2026-10-20T20:00:00Z"));
        Quote quote = request(EMILY, "0", line(CONSUMABLE, 20, "120.00"));
        ProcessInstance pi = untilReview(quote);
        // 02:30 UTC on 21 October is still the evening of 20 October in New York (EDT, UTC-4)
        Instant offeredAt = Instant.parse("2026-10-21T02:30:00Z");
        moveClockTo(offeredAt);
        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(0.0, 30L, Values.OFFER));

        // New York goes back to standard time (EST, UTC-5) on 1 November, before the last valid day
        LocalDate lastValidDay = LocalDate.of(2026, 11, 19);
        Instant expiry = ZonedDateTime.of(lastValidDay.plusDays(1), LocalTime.MIDNIGHT, NEW_YORK).toInstant();
        assertThat(expiry).isEqualTo(Instant.parse("2026-11-20T05:00:00Z"));
        assertThat(quotes.get(quote.getCode()).getLastValidDay()).isEqualTo(lastValidDay);
        assertThat(timerDue(pi, Elements.QUOTE_EXPIRED)).isEqualTo(expiry);
        assertThat(timerDue(pi, Elements.EXPIRY_DAY_REMINDER))
                .isEqualTo(ZonedDateTime.of(lastValidDay, LocalTime.of(8, 0), NEW_YORK).toInstant())
                .isEqualTo(Instant.parse("2026-11-19T13:00:00Z"));
        assertThat(timerDue(pi, Elements.BEFORE_EXPIRY_REMINDER))
                .isEqualTo(ZonedDateTime.of(lastValidDay.minusDays(3), LocalTime.of(8, 0), NEW_YORK).toInstant());

        assertExpiresExactlyAt(quote, pi, expiry);

        assertThat(deliveredMail(quote, "Your offer " + quote.getCode() + " has expired").locale()).isEqualTo("en");
    }

    // --- buyer decisions ------------------------------------------------------------------------------------

    @Test
    void acceptedOfferIsHandedToCommerceAndQuoteBecomesOrdered() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(EMILY, "4", line(CONSUMABLE, 10, "120.00"));
        ProcessInstance pi = untilOffered(quote, 4.0);

        String orderRequestId = quotes.accept(quote.getCode(), EMILY.customerId(), EMILY.b2bUnitId());

        assertThat(pi).hasPassed(Elements.QUOTE_ACCEPTED, Elements.BUYER_DECISION_OUTCOME)
                .isWaitingAt(Elements.CONVERT_TO_ORDER);
        assertThat(quotes.get(quote.getCode()).getState()).isEqualTo(QuoteState.ACCEPTED);
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).timers().count())
                .as("no reminder or expiry once accepted").isZero();
        execute(job(Elements.CONVERT_TO_ORDER, pi));

        ProcessInstance order = calledProcessInstance(OrderProcess.KEY, pi);
        assertThat(order).hasBusinessKey(orderRequestId).isWaitingAt(OrderProcess.Elements.CREATE_COMMERCE_ORDER);
        new ProcessDriver(managementService, runtimeService).drain(pi.getId());

        assertThat(order).hasPassedInOrder(OrderProcess.Elements.ORDER_FROM_QUOTE, OrderProcess.Elements.ORDER_REQUESTED,
                OrderProcess.Elements.CREATE_COMMERCE_ORDER, OrderProcess.Elements.RELEASE_ORDER,
                OrderProcess.Elements.ORDER_RELEASED).isEnded();
        assertThat(pi).hasPassedInOrder(Elements.CONVERT_TO_ORDER, Elements.MARK_QUOTE_ORDERED, Elements.QUOTE_ORDERED)
                .isEnded();
        Quote ordered = quotes.get(quote.getCode());
        assertThat(ordered.getState()).isEqualTo(QuoteState.ORDERED);
        assertThat(ordered.getOrderRequestId()).isEqualTo(orderRequestId);
        assertThat(ordered.getCommerceOrderCode()).startsWith("CO-");

        JsonNode commerceOrder = commerceOrder(ordered.getCommerceOrderCode());
        assertThat(commerceOrder.path("customerId").asText()).isEqualTo(EMILY.customerId());
        assertThat(commerceOrder.path("b2bUnitId").asText()).isEqualTo(EMILY.b2bUnitId());
        assertThat(commerceOrder.path("lines")).as("sku, quantity and discounted unit price").extracting(
                        line -> line.path("sku").asText() + " " + line.path("quantity").asInt() + " "
                                + line.path("unitPrice").decimalValue().stripTrailingZeros().toPlainString())
                .containsExactly(CONSUMABLE + " 10 115.2");
    }

    @Test
    void declinedOfferEndsTheProcessWithoutReminders() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "0", line(CONSUMABLE, 10, "120.00"));
        ProcessInstance pi = untilOffered(quote, 0.0);

        quotes.decline(quote.getCode(), ANNA.customerId(), "Budget frozen until next year");

        assertThat(pi).hasPassedInOrder(Elements.QUOTE_DECLINED, Elements.BUYER_DECISION_OUTCOME,
                Elements.QUOTE_DECLINED_END).hasNotPassed(Elements.CONVERT_TO_ORDER).isEnded();
        Quote declined = quotes.get(quote.getCode());
        assertThat(declined.getState()).isEqualTo(QuoteState.DECLINED);
        assertThat(declined.getBuyerComment()).isEqualTo("Budget frozen until next year");
        assertThat(jobsOf(pi)).isEmpty();
    }

    @Test
    void renegotiationSendsQuoteBackToReviewAndTheNextOfferIsVersionThree() {
        moveClockTo(Instant.parse("2026-06-01T08:00:00Z"));
        Quote quote = request(ANNA, "10", line(CONSUMABLE, 10, "120.00"));
        ProcessInstance pi = untilOffered(quote, 3.0);
        moveClockTo(Instant.parse("2026-06-05T10:00:00Z"));

        quotes.renegotiate(quote.getCode(), ANNA.customerId(), "Our budget allows 4 % less");

        assertThat(pi).hasPassed(Elements.RENEGOTIATION_REQUESTED, Elements.BUYER_DECISION_OUTCOME)
                .isWaitingAt(Elements.REVIEW_QUOTE);
        Quote renegotiating = quotes.get(quote.getCode());
        assertThat(renegotiating.getState()).isEqualTo(QuoteState.IN_REVIEW);
        assertThat(renegotiating.getBuyerComment()).isEqualTo("Our budget allows 4 % less");
        assertThat(jobsOf(pi)).extracting(Job::getDuedate).as("only the new review's timer")
                .containsExactly(Date.from(Instant.parse("2026-06-07T10:00:00Z")));

        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(4.0, 30L, Values.OFFER));

        assertThat(pi).isWaitingAt(Elements.BUYER_RESPONSE);
        Quote reoffered = quotes.get(quote.getCode());
        assertThat(reoffered.getState()).isEqualTo(QuoteState.OFFERED);
        assertThat(reoffered.getCurrentVersion()).isEqualTo(3);
        assertThat(quotes.versions(quote.getCode())).extracting(QuoteVersion::getVersion).containsExactly(1, 2, 3);
        JsonNode versionThree = readJson(quotes.version(quote.getCode(), 3).getSnapshot());
        assertThat(versionThree.path("offeredDiscountPercent").decimalValue()).isEqualByComparingTo("4");
        assertThat(readJson(quotes.version(quote.getCode(), 2).getSnapshot()).path("offeredDiscountPercent")
                .decimalValue()).isEqualByComparingTo("3");
        assertThat(outbox(quote, QuoteMails.OFFERED)).hasSize(2);
        assertThat(timerDue(pi, Elements.QUOTE_EXPIRED)).as("validity counts from the new offer")
                .isEqualTo(Instant.parse("2026-07-05T22:00:00Z"));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private Quote request(Buyer buyer, String requestedDiscount, CreateQuoteRequest.Item... items) {
        CreateQuoteRequest request = new CreateQuoteRequest("cart-" + UUID.randomUUID(), buyer.customerId(),
                buyer.b2bUnitId(), buyer.country(), null, buyer.currency(), Arrays.asList(items),
                new BigDecimal(requestedDiscount), "Please quote for our annual needs");
        return quotes.create(request, UUID.randomUUID().toString()).quote();
    }

    private static CreateQuoteRequest.Item line(String sku, int quantity, String unitPrice) {
        return new CreateQuoteRequest.Item(sku, quantity, new BigDecimal(unitPrice));
    }

    private ProcessInstance processOf(Quote quote) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY)
                .processInstanceBusinessKey(quote.getCode()).singleResult();
    }

    /** Runs the request's job (confirmation to the buyer, review) up to the review task. */
    private ProcessInstance untilReview(Quote quote) {
        ProcessInstance pi = processOf(quote);
        execute(job(Elements.QUOTE_REQUESTED, pi));
        assertThat(pi).isWaitingAt(Elements.REVIEW_QUOTE);
        return pi;
    }

    /** Reviewed by sales with a discount that needs no approval, and offered. */
    private ProcessInstance untilOffered(Quote quote, double discount) {
        ProcessInstance pi = untilReview(quote);
        completeAs(SALES, List.of(Groups.SALES), task(Elements.REVIEW_QUOTE, pi), reviewForm(discount, 30L, Values.OFFER));
        assertThat(pi).isWaitingAt(Elements.BUYER_RESPONSE);
        return pi;
    }

    /** The fields of the reviewQuote form. */
    private static Map<String, Object> reviewForm(double offeredDiscountPercent, long validityDays, String outcome) {
        return Map.of(Variables.OFFERED_DISCOUNT_PERCENT, offeredDiscountPercent, Variables.VALIDITY_DAYS, validityDays,
                Variables.SELLER_COMMENT, "Our best price for your clinic", Variables.REVIEW_OUTCOME, outcome);
    }

    /** The fields of the approveDiscount form. */
    private static Map<String, Object> approvalForm(String decision, String comment) {
        return Map.of(Variables.APPROVAL_DECISION, decision, Variables.APPROVER_COMMENT, comment);
    }

    private void completeAs(String user, List<String> groups, Task task, Map<String, Object> form) {
        identityService.setAuthentication(user, groups);
        try {
            taskService.complete(task.getId(), form);
        } finally {
            identityService.clearAuthentication();
        }
    }

    private List<String> candidateGroups(Task task) {
        return taskService.getIdentityLinksForTask(task.getId()).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
                .map(IdentityLink::getGroupId).toList();
    }

    private static void moveClockTo(Instant instant) {
        ClockUtil.setCurrentTime(Date.from(instant));
    }

    /** What the job executor would do at the current engine time: run the process's timers that are due. */
    private void fireDueTimers(ProcessInstance pi) {
        while (true) {
            Date now = ClockUtil.getCurrentTime();
            List<Job> due = managementService.createJobQuery().processInstanceId(pi.getId()).timers()
                    .duedateLowerThan(new Date(now.getTime() + 1)).orderByJobDuedate().asc().listPage(0, 1);
            if (due.isEmpty()) {
                return;
            }
            execute(due.get(0));
        }
    }

    private Instant timerDue(ProcessInstance pi, String activityId) {
        return job(activityId, pi).getDuedate().toInstant();
    }

    private List<Job> jobsOf(ProcessInstance pi) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).list();
    }

    /** Not expired a minute before {@code expiry}, whatever is due then; expired by the timer due at {@code expiry}. */
    private void assertExpiresExactlyAt(Quote quote, ProcessInstance pi, Instant expiry) {
        moveClockTo(expiry.minusSeconds(60));
        fireDueTimers(pi);
        assertThat(quotes.get(quote.getCode()).getState()).isEqualTo(QuoteState.OFFERED);
        assertThat(pi).hasPassed(Elements.INACTIVITY_REMINDER, Elements.BEFORE_EXPIRY_REMINDER,
                Elements.EXPIRY_DAY_REMINDER).isWaitingAt(Elements.BUYER_RESPONSE);
        assertThat(outbox(quote, QuoteMails.EXPIRED)).isEmpty();

        moveClockTo(expiry);
        fireDueTimers(pi);

        assertThat(pi).hasPassedInOrder(Elements.QUOTE_EXPIRED, Elements.EXPIRE_QUOTE, Elements.QUOTE_EXPIRED_END)
                .hasNotPassed(Elements.BUYER_DECISION_OUTCOME).isEnded();
        assertThat(quotes.get(quote.getCode()).getState()).isEqualTo(QuoteState.EXPIRED);
        assertThat(outbox(quote, QuoteMails.EXPIRED)).hasSize(1);
        assertThat(reminderMails(quote)).as("each reminder once").containsExactly(
                QuoteService.Reminder.INACTIVITY.mailType, QuoteService.Reminder.BEFORE_EXPIRY.mailType,
                QuoteService.Reminder.EXPIRY_DAY.mailType);
    }

    private List<OutboxMessage> outbox(Quote quote, String type) {
        return notifications.messagesOf(quote.getCode()).stream()
                .filter(message -> message.getMessageType().equals(type)).toList();
    }

    private List<String> reminderMails(Quote quote) {
        List<String> reminderTypes = Arrays.stream(QuoteService.Reminder.values()).map(r -> r.mailType).toList();
        return notifications.messagesOf(quote.getCode()).stream().map(OutboxMessage::getMessageType)
                .filter(reminderTypes::contains).toList();
    }

    /** Sends what the outbox has due at the engine time; returns the quote's mails in the sandbox mailbox. */
    private List<SandboxMailServer.Mail> deliveredMails(Quote quote) {
        while (outboxSender.sendDue(clock.instant()) > 0) {
            // the next batch
        }
        return smtp.mails().stream().filter(mail -> mail.subject().contains(quote.getCode())).toList();
    }

    private SandboxMailServer.Mail deliveredMail(Quote quote, String subject) {
        List<SandboxMailServer.Mail> mails = deliveredMails(quote);
        assertThat(mails).extracting(SandboxMailServer.Mail::subject).contains(subject);
        return mails.stream().filter(mail -> mail.subject().equals(subject)).findFirst().orElseThrow();
    }

    private static void assertOfferLinkOpensQuotePage(SandboxMailServer.Mail offerMail, Quote quote) {
        assertThat(offerMail.links()).filteredOn(link -> link.contains("/q/")).singleElement().satisfies(link -> {
            HttpResponse<String> page = HttpCalls.get(link);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(quote.getCode());
        });
    }

    private JsonNode commerceOrder(String orderCode) {
        HttpResponse<String> response = HttpCalls.get(commerce.baseUrl() + "/orders/" + orderCode,
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        return readJson(response.body());
    }

    private JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
