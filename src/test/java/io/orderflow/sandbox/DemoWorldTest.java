package io.orderflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.orderflow.IntegrationTest;
import io.orderflow.audit.AuditTimeline;
import io.orderflow.order.OrderProcess;
import io.orderflow.order.OrderService;
import io.orderflow.quote.QuoteProcess;
import io.orderflow.quote.QuoteService;
import io.orderflow.quote.QuoteState;
import io.orderflow.security.Groups;
import io.orderflow.validation.ValidationProcess;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sandbox's demo data: two months played through the real processes, once for the class (the instance is shared). Everything asserted
 * here is read from Camunda's history and the application's services, as the reports and the audit page read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoWorldTest extends IntegrationTest {

    private static final Duration SPAN = Duration.ofDays(60);
    private static final Map<String, String> GROUP_OF_TASK = Map.of(
            "reviewQuote", Groups.SALES, "requestCustomerDetails", Groups.BACKOFFICE, "submitKycData", Groups.BACKOFFICE,
            "followUpCustomerDetails", Groups.BACKOFFICE, "resolveCustomerMatch", Groups.BACKOFFICE,
            "reviewValidationFailure", Groups.BACKOFFICE, "chaseValidation", Groups.BACKOFFICE,
            "approveOrder", Groups.ORDER_APPROVERS);

    @Autowired
    DemoWorld world;
    @Autowired
    QuoteService quotes;
    @Autowired
    OrderService orders;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    AuditTimeline timeline;

    DemoWorld.Played played;
    Instant startedAt;
    Instant endedAt;

    /** Once for the class, inside the first test's run (process test coverage tracks what runs within a test). */
    @BeforeEach
    void playOnce() {
        if (played != null) {
            return;
        }
        startedAt = Instant.now();
        played = world.play(new DemoWorld.Plan(30, 10, SPAN, 7L));
        endedAt = Instant.now();
    }

    @Test
    void theEngineClockRunsOnTimeAgainAfterwards() {
        assertThat(ClockUtil.getCurrentTime().toInstant()).isBetween(endedAt.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThat(played.until()).isBetween(startedAt.minusSeconds(1), endedAt);
        assertThat(played.from()).isEqualTo(played.until().minus(SPAN));
    }

    @Test
    void everyQuoteRanThroughQuoteToOrderStartingWithinThePlayedMonths() {
        assertThat(played.quoteCodes()).hasSize(30);
        Set<QuoteState> states = new HashSet<>();
        for (String code : played.quoteCodes()) {
            HistoricProcessInstance instance = instance(QuoteProcess.KEY, code);
            assertThat(instance.getStartTime().toInstant()).as(code).isBetween(played.from(), played.until());
            states.add(quotes.get(code).getState());
        }
        // offers accepted and ordered, offers left to expire by their timers, and work still open
        assertThat(states).contains(QuoteState.ORDERED, QuoteState.EXPIRED, QuoteState.IN_REVIEW);
        assertThat(states.size()).as("states reached: " + states).isGreaterThanOrEqualTo(5);
        assertThat(historyService.createHistoricActivityInstanceQuery().activityId(QuoteProcess.Elements.EXPIRE_QUOTE)
                .finished().list().stream().map(activity -> activity.getProcessInstanceId()).collect(Collectors.toSet()))
                .as("expired by the timer, not written as rows").isNotEmpty();
    }

    @Test
    void everyOrderWasHandedOffAndCustomersWereValidatedWithReltiosCallbacks() {
        assertThat(played.orderRequestIds()).hasSizeGreaterThan(10); // ten without a quote, one refused for a while, accepted quotes
        for (String orderRequestId : played.orderRequestIds()) {
            assertThat(instance(OrderProcess.KEY, orderRequestId)).as(orderRequestId).isNotNull();
        }
        assertThat(historyService.createHistoricActivityInstanceQuery()
                .activityId(ValidationProcess.Elements.VALIDATION_COMPLETED).finished().count())
                .as("results correlated from the callback inbox").isPositive();
    }

    @Test
    void peopleCompletedTheirOwnTasksAsThemselves() {
        List<String> keys = new java.util.ArrayList<>(played.quoteCodes());
        for (String orderRequestId : played.orderRequestIds()) {
            keys.add(orderRequestId);
            String commerceOrderCode = orders.get(orderRequestId).getCommerceOrderCode();
            if (commerceOrderCode != null) {
                keys.add(commerceOrderCode); // the business key of its customer validation
            }
        }
        List<HistoricTaskInstance> done = historyService.createHistoricTaskInstanceQuery().finished()
                .processInstanceBusinessKeyIn(keys.toArray(String[]::new)).list();
        assertThat(done).isNotEmpty();
        Set<String> actors = new HashSet<>();
        for (HistoricTaskInstance task : done) {
            List<UserOperationLogEntry> completions = historyService.createUserOperationLogQuery().taskId(task.getId())
                    .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list();
            if (completions.isEmpty()) {
                continue; // ended by its process (an interrupting timer), not by a person
            }
            String user = completions.get(0).getUserId();
            actors.add(user);
            String expectedGroup = task.getTaskDefinitionKey().equals("approveDiscount")
                    ? (user.equals("dora") ? Groups.SALES_DIRECTORS : Groups.SALES_MANAGERS)
                    : GROUP_OF_TASK.get(task.getTaskDefinitionKey());
            assertThat(DemoUsers.groupOf(user)).as(task.getTaskDefinitionKey() + " completed by " + user)
                    .isEqualTo(expectedGroup);
        }
        assertThat(actors).contains("sara", "bob");
    }

    @Test
    void theOrderCommerceRefusedWentIntoAnIncidentThatTheOperatorResolved() {
        List<HistoricIncident> incidents = played.orderRequestIds().stream()
                .map(id -> instance(OrderProcess.KEY, id).getId())
                .flatMap(id -> historyService.createHistoricIncidentQuery().processInstanceId(id).list().stream())
                .toList();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).isResolved()).isTrue();
        String orderRequestId = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(incidents.get(0).getProcessInstanceId()).singleResult().getBusinessKey();
        assertThat(orders.get(orderRequestId).getCommerceOrderCode()).isNotNull();
        AuditTimeline.Timeline audit = timeline.of(orderRequestId).orElseThrow();
        assertThat(audit.entries()).anySatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo(AuditTimeline.Kind.OPERATION);
            assertThat(entry.actor()).isEqualTo(DemoWorld.OPERATOR);
        });
    }

    @Test
    void theTimelineOfAnAcceptedQuoteShowsEachPersonsDecision() {
        String ordered = played.quoteCodes().stream()
                .filter(code -> quotes.get(code).getState() == QuoteState.ORDERED).findFirst().orElseThrow();
        AuditTimeline.Timeline audit = timeline.of(ordered).orElseThrow();
        assertThat(audit.entries()).anySatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo(AuditTimeline.Kind.DECISION);
            assertThat(entry.what()).isEqualTo("Review quote request");
            assertThat(entry.actor()).isEqualTo("sara");
            assertThat(entry.detail()).contains("Outcome: Send offer");
        });
        assertThat(audit.entries()).anySatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo(AuditTimeline.Kind.STATE);
            assertThat(entry.what()).isEqualTo("quote ACCEPTED");
        });
        assertThat(audit.entries()).anySatisfy(entry -> assertThat(entry.process()).isEqualTo(OrderProcess.KEY));
        assertThat(audit.entries()).anySatisfy(entry -> assertThat(entry.kind()).isEqualTo(AuditTimeline.Kind.MAIL));
    }

    private HistoricProcessInstance instance(String processDefinitionKey, String businessKey) {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(processDefinitionKey)
                .processInstanceBusinessKey(businessKey).singleResult();
    }
}
