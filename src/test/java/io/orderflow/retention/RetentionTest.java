package io.orderflow.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import io.orderflow.notification.OutboxSender;
import io.orderflow.order.OrderProcess;
import io.orderflow.order.OrderService;
import io.orderflow.order.OrderState;
import io.orderflow.order.PlaceOrderRequest;
import io.orderflow.sales.SalesSync;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.historycleanup.HistoryCleanupHelper;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What ages out and when: the history time-to-live comes from the configuration (the test profile gives order-handoff
 * 365 days and the approval table 400, where the models say 180), Camunda's cleanup is one job in the nightly window,
 * and the application's own records of finished work go after the retention, by one node at a time. The engine clock
 * is moved; nothing waits.
 */
class RetentionTest extends IntegrationTest {

    private static final Duration HISTORY = Duration.ofDays(180);

    @Autowired
    RepositoryService repositoryService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    OrderService orders;
    @Autowired
    OutboxSender outboxSender;
    @Autowired
    SalesSync salesSync;
    @Autowired
    Retention retention;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    @BeforeEach
    void engineClockStandsStill() {
        ClockUtil.setCurrentTime(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        jdbc.update("update retention_run set holder = null, held_until = null");
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
        jdbc.update("update retention_run set holder = null, held_until = null");
    }

    @Test
    void everyVersionOfEveryProcessAndDecisionHasTheHistoryTimeToLiveOfTheConfiguration() {
        assertThat(repositoryService.createProcessDefinitionQuery().list()).isNotEmpty().allSatisfy(definition ->
                assertThat(definition.getHistoryTimeToLive()).as(definition.getId())
                        .isEqualTo(OrderProcess.KEY.equals(definition.getKey()) ? 365 : 180));
        assertThat(repositoryService.createDecisionDefinitionQuery().list()).isNotEmpty().allSatisfy(definition ->
                assertThat(definition.getHistoryTimeToLive()).as(definition.getId())
                        .isEqualTo("quote-approval-level".equals(definition.getKey()) ? 400 : 180));
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey(OrderProcess.KEY).list())
                .extracting(ProcessDefinition::getKey).isNotEmpty();
        assertThat(repositoryService.createDecisionDefinitionQuery().list()).extracting(DecisionDefinition::getKey)
                .contains("quote-approval-level", "post-order-validation");
    }

    @Test
    void historyCleanupIsOneJobDueInTheConfiguredNightlyWindow() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
        assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
        assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");

        List<Job> cleanup = historyService.findHistoryCleanupJobs();

        assertThat(cleanup).as("one cleaner, whichever node's job executor takes it").hasSize(1);
        assertThat(HistoryCleanupHelper.isWithinBatchWindow(cleanup.get(0).getDuedate(), configuration))
                .as("due " + cleanup.get(0).getDuedate()).isTrue();
    }

    @Test
    void aFinishedOrdersHistoryGoesAfterItsOwnTimeToLiveAndItsSentMailAndDeliveredEventsAfterTheRetention() {
        String orderRequestId = releasedOrder();
        String instanceId = historyService.createHistoricProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY)
                .processInstanceBusinessKey(orderRequestId).singleResult().getId();
        Instant finished = clock.instant();
        outboxSender.sendDue(finished);
        salesSync.deliverDue(finished);
        assertThat(count("notification_outbox where status = 'SENT' and business_key in (?, ?)", orderRequestId,
                commerceOrderCode(orderRequestId))).isEqualTo(1);
        assertThat(count("sales_event where status = 'DELIVERED' and business_key = ?", orderRequestId)).isPositive();
        assertThat(historyService.createHistoricDecisionInstanceQuery().processInstanceId(instanceId).count()).isPositive();

        Instant beforeRetention = finished.plus(HISTORY).minus(Duration.ofDays(1));
        assertThat(retention.passIfNobodyElseIs(beforeRetention)).isNotEmpty();
        cleanUpHistoryAt(beforeRetention);

        assertThat(count("notification_outbox where business_key in (?, ?)", orderRequestId,
                commerceOrderCode(orderRequestId))).isEqualTo(1);
        assertThat(count("sales_event where business_key = ?", orderRequestId)).isPositive();
        assertThat(historic(instanceId)).isNotNull();

        Instant afterRetention = finished.plus(HISTORY).plus(Duration.ofDays(1));
        Map<String, Integer> removed = retention.passIfNobodyElseIs(afterRetention);
        cleanUpHistoryAt(afterRetention);

        assertThat(removed.get("sent mails")).isPositive();
        assertThat(removed.get("delivered sales events")).isPositive();
        assertThat(count("notification_outbox where business_key in (?, ?)", orderRequestId,
                commerceOrderCode(orderRequestId))).isZero();
        assertThat(count("sales_event where business_key = ?", orderRequestId)).isZero();
        assertThat(orders.get(orderRequestId).getState()).as("the order itself is the business record")
                .isEqualTo(OrderState.RELEASED);
        assertThat(historic(instanceId)).as("order-handoff keeps its history 365 days, not the model's 180").isNotNull();

        Instant afterItsTimeToLive = finished.plus(Duration.ofDays(366));
        cleanUpHistoryAt(afterItsTimeToLive);

        assertThat(historic(instanceId)).isNull();
        assertThat(historyService.createHistoricDecisionInstanceQuery().processInstanceId(instanceId).count())
                .as("the decisions taken in it go with it").isZero();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId).count()).isZero();
    }

    @Test
    void whileAnotherNodeAgesDataOutThisOneDoesNotAndTakesOverOnceItsLeaseHasRunOut() {
        String orderRequestId = releasedOrder();
        Instant finished = clock.instant();
        outboxSender.sendDue(finished);
        Instant later = finished.plus(HISTORY).plus(Duration.ofDays(1));
        jdbc.update("update retention_run set holder = 'other-node', held_until = ? where name = 'retention'",
                java.sql.Timestamp.from(later.plus(Duration.ofMinutes(10))));

        assertThat(retention.passIfNobodyElseIs(later)).as("the other node is at it").isEmpty();
        assertThat(count("notification_outbox where business_key in (?, ?)", orderRequestId,
                commerceOrderCode(orderRequestId))).isEqualTo(1);

        Instant afterLease = later.plus(Duration.ofMinutes(11));
        assertThat(retention.passIfNobodyElseIs(afterLease)).containsKey("sent mails");
        assertThat(count("notification_outbox where business_key in (?, ?)", orderRequestId,
                commerceOrderCode(orderRequestId))).isZero();
        Map<String, Object> run = jdbc.queryForMap("select holder, held_until, last_result from retention_run");
        assertThat(run.get("holder")).as("released after the pass").isNull();
        assertThat(run.get("held_until")).isNull();
        assertThat((String) run.get("last_result")).contains("sent mails=");
    }

    /** A US order of consumables: released with no human step, its confirmation mail and sales events written. */
    private String releasedOrder() {
        String id = orders.place(new PlaceOrderRequest("cart-" + UUID.randomUUID(), "emily.clark", "US-MERCY", "US",
                "USD", List.of(new PlaceOrderRequest.Item("SKU-CONS-100", 1, new BigDecimal("120.00"))), null),
                UUID.randomUUID().toString()).order().getId();
        new ProcessDriver(managementService, runtimeService).drain(OrderProcess.KEY, id);
        assertThat(orders.get(id).getState()).isEqualTo(OrderState.RELEASED);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isZero();
        return id;
    }

    private String commerceOrderCode(String orderRequestId) {
        return orders.get(orderRequestId).getCommerceOrderCode();
    }

    /** Camunda's history cleanup at this engine time, run until nothing is left for it to remove. */
    private void cleanUpHistoryAt(Instant now) {
        ClockUtil.setCurrentTime(Date.from(now));
        for (int run = 0; cleanable() > 0; run++) {
            assertThat(run).as("cleanup runs").isLessThan(100);
            managementService.executeJob(historyService.cleanUpHistoryAsync(true).getId());
        }
    }

    private long cleanable() {
        return historyService.createCleanableHistoricProcessInstanceReport().list().stream()
                .mapToLong(report -> report.getCleanableProcessInstanceCount()).sum()
                + historyService.createCleanableHistoricDecisionInstanceReport().list().stream()
                .mapToLong(report -> report.getCleanableDecisionInstanceCount()).sum();
    }

    private HistoricProcessInstance historic(String instanceId) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult();
    }

    private long count(String fromWhere, Object... args) {
        return jdbc.queryForObject("select count(*) from " + fromWhere, Long.class, args);
    }
}
