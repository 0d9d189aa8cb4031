package io.orderflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import io.orderflow.order.OrderProcess;
import io.orderflow.order.OrderService;
import io.orderflow.order.PlaceOrderRequest;
import io.orderflow.quote.CreateQuoteRequest;
import io.orderflow.quote.QuoteProcess;
import io.orderflow.quote.QuoteService;
import io.orderflow.security.CallbackSignatures;
import io.orderflow.security.Groups;
import io.orderflow.validation.CallbackInbox;
import io.orderflow.validation.CustomerValidation;
import io.orderflow.validation.ValidationProcess;
import io.orderflow.validation.ValidationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A change of every model meets instances waiting at every wait state of the shipped models: user tasks, receive
 * tasks, timers, the buyer's event-based wait, call activities with their called instance waiting, and jobs of async
 * continuations not yet run. The changed models (built from the shipped ones: an element added, a waiting activity
 * renamed) are deployed as the next version, the migrator moves the instances with the plans the changes come with,
 * and every instance then finishes on the new version. Versions deployed here are deleted after each test, so the
 * shipped models are the latest again for the other test classes.
 */
class ModelMigrationTest extends IntegrationTest {

    private static final String CALLBACKS = "/api/v1/callbacks/reltio";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /** The elements the changed models add, on a flow every instance here passes on its way to its end. */
    private static final String QUOTE_ADDED = "orderHandedOver";
    private static final String ORDER_ADDED = "releaseConfirmed";
    private static final String VALIDATION_ADDED = "approvalRecorded";

    private static final Map<String, Map<String, String>> RENAMES = Map.of(
            QuoteProcess.KEY, Map.of(QuoteProcess.Elements.APPROVE_DISCOUNT, "approveOfferedDiscount"),
            OrderProcess.KEY, Map.of(OrderProcess.Elements.RESOLVE_COMMERCE_REFUSAL, "resolveRefusedCommerceCall"),
            ValidationProcess.KEY, Map.of(ValidationProcess.Elements.CUSTOMER_DETAILS_SUBMITTED, "awaitCustomerDetails"));

    record Buyer(String customerId, String b2bUnitId, String country, String currency) {
    }

    private static final Buyer EMILY = new Buyer("emily.clark", "US-MERCY", "US", "USD");
    /** Unvalidated customer: a capital equipment order needs KYC, no approval. */
    private static final Buyer ANNA = new Buyer("anna.schmidt", "DE-MVZ-NORD", "DE", "EUR");
    /** Validated customer: a controlled device needs the order approver only. */
    private static final Buyer JENS = new Buyer("jens.weber", "DE-UNIKLINIK", "DE", "EUR");

    /** An order and its validation (if it has one yet). */
    record Order(String orderRequestId, String instanceId) {
    }

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;
    @Autowired
    QuoteService quotes;
    @Autowired
    OrderService orders;
    @Autowired
    ValidationService validations;
    @Autowired
    CallbackInbox inbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CallbackSignatures signatures;
    @Autowired
    ModelMigrator migrator;
    @Autowired
    ShippedMigrationPlans shippedPlans;
    @Autowired
    Clock clock;
    @Autowired
    ObjectMapper json;

    private ProcessDriver driver;
    private final List<String> deployments = new ArrayList<>();

    @BeforeEach
    void engineClockStandsStillAndReltioWaitsForTheTest() {
        driver = new ProcessDriver(managementService, runtimeService);
        ClockUtil.setCurrentTime(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        HttpResponse<String> behaviour = HttpCalls.postJson(url("/sandbox/reltio/behaviour"),
                "{\"early\":false,\"twice\":false,\"delay\":\"PT24H\"}", "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(behaviour.statusCode()).as(behaviour.body()).isEqualTo(200);
    }

    @AfterEach
    void shippedModelsAreTheLatestAgain() {
        List<String> deleted = new ArrayList<>(deployments);
        try {
            identityService.clearAuthentication();
            ClockUtil.reset();
        } finally {
            // cascading: what the test's versions still hold (instances other test classes left and the migration
            // moved along) goes with them
            for (String deployment : deleted) {
                repositoryService.deleteDeployment(deployment, true, true, true);
            }
            deployments.clear();
        }
        for (String key : List.of(QuoteProcess.KEY, OrderProcess.KEY, ValidationProcess.KEY)) {
            assertThat(deleted).as("the shipped " + key + " is the latest again")
                    .doesNotContain(latest(key).getDeploymentId());
        }
    }

    // --- plans ----------------------------------------------------------------------------------------------------

    @Test
    void everyShippedModelHasItsPlanLoadedAndCheckedAtStartUp() {
        assertThat(shippedPlans.byProcessKey()).containsOnlyKeys(QuoteProcess.KEY, OrderProcess.KEY, ValidationProcess.KEY);
        assertThat(shippedPlans.all()).allSatisfy(plan -> {
            assertThat(plan.renames()).as("the shipped models have had no renames").isEmpty();
            assertThat(plan.updateEventTriggers()).isFalse();
        });
    }

    @Test
    void aPlanRenamingToAnActivityTheModelDoesNotHaveIsRefusedNamingTheActivity() {
        ModelMigrationPlan typo = ModelMigrationPlan.read(new ClassPathResource("model-migration/invalid/quote-to-order.yaml"));

        assertThatThrownBy(() -> typo.validateAgainst(ModelChange.ofShipped(QuoteProcess.KEY).model))
                .isInstanceOf(ModelMigrationPlan.InvalidModelMigrationPlanException.class)
                .hasMessageContaining("model-migration/invalid/quote-to-order.yaml")
                .hasMessageContaining("'approveDiscount' is renamed to 'approveDiscountTypo', which is no activity of"
                        + " the latest quote-to-order model")
                .hasMessageContaining("'approveDiscount' is still an activity of the latest quote-to-order model");
        ModelMigrationPlan fits = ModelMigrationPlan.read(new ClassPathResource("model-migration/quote-to-order.yaml"));
        fits.validateAgainst(changedQuoteModel().model);
    }

    // --- every wait state ---------------------------------------------------------------------------------------

    @Test
    void instancesWaitingEverywhereMoveToTheChangedModelsKeepTheirTimersAndFinishThere() {
        // quote-to-order
        String q1 = quote(EMILY, "4");                                      // job after the message start
        String q2 = untilReview(quote(EMILY, "4"));                        // review, its overdue timer due later
        String q3 = untilReview(quote(EMILY, "10"));                       // discount approval (renamed)
        review(q3, 10.0);
        String q4 = offered(quote(EMILY, "4"));                            // buyer's response, reminders and expiry
        String q5 = offered(quote(EMILY, "4"));                            // buyer's response, renegotiated later
        String q6 = offered(quote(EMILY, "4"));                            // job before the call of order-handoff
        quotes.accept(q6, EMILY.customerId(), EMILY.b2bUnitId());
        String q7 = offered(quote(EMILY, "4"));                            // calling order-handoff, which waits
        quotes.accept(q7, EMILY.customerId(), EMILY.b2bUnitId());
        runJob(quoteInstance(q7), QuoteProcess.Elements.CONVERT_TO_ORDER);
        assertWaitingAt(quoteInstance(q3), QuoteProcess.Elements.APPROVE_DISCOUNT);
        assertWaitingAt(quoteInstance(q4), QuoteProcess.Elements.BUYER_RESPONSE);
        List<String> quoteCodes = List.of(q1, q2, q3, q4, q5, q6, q7);

        // order-handoff
        Order o1 = place(EMILY, "SKU-CONS-100", "120.00");                  // job after the message start
        Order o2 = place(EMILY, "SKU-CONS-100", "120.00");                  // job before the commerce call
        runJob(o2.instanceId(), OrderProcess.Elements.ORDER_PLACED);
        Order o3 = place(EMILY, "SKU-CONS-100", "120.00");                  // job before the validation decision
        runJobs(o3.instanceId(), OrderProcess.Elements.ORDER_PLACED, OrderProcess.Elements.CREATE_COMMERCE_ORDER);
        Order o4 = place(EMILY, "SKU-CONS-100", "120.00");                  // job before the release
        runJobs(o4.instanceId(), OrderProcess.Elements.ORDER_PLACED, OrderProcess.Elements.CREATE_COMMERCE_ORDER,
                OrderProcess.Elements.DECIDE_VALIDATION);
        Order o5 = place(JENS, "SKU-CTRL-300", "8000.00");                  // job before the hold
        runJobs(o5.instanceId(), OrderProcess.Elements.ORDER_PLACED, OrderProcess.Elements.CREATE_COMMERCE_ORDER,
                OrderProcess.Elements.DECIDE_VALIDATION);
        Order o6 = place(JENS, "SKU-CTRL-300", "8000.00");                  // back office resolving a refusal (renamed)
        planCommerceRefusal(o6.orderRequestId(), "hold");
        driver.drain(o6.instanceId());
        assertWaitingAt(o6.instanceId(), OrderProcess.Elements.RESOLVE_COMMERCE_REFUSAL);
        assertJobAt(o5.instanceId(), OrderProcess.Elements.HOLD_ORDER);
        assertJobAt(o4.instanceId(), OrderProcess.Elements.RELEASE_ORDER);
        List<Order> plainOrders = List.of(o1, o2, o3, o4, o5, o6);

        // customer-validation, each called by its order's order-handoff waiting in the call activity
        Order v1 = placeAndValidate(ANNA);                                  // back office asked for the details
        Order v2 = placeAndValidate(ANNA);                                  // waiting for the buyer (renamed), two timers
        complete(v2, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.DETAILS_CHANNEL, "email"));
        Order v3 = placeAndValidate(ANNA);                                  // buyer's details in, job after the receipt
        complete(v3, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.DETAILS_CHANNEL, "email"));
        validations.submitDetailsByBuyer(v3.orderRequestId(), kyc(taxId('0')));
        Order v4 = placeAndValidate(ANNA);                                  // buyer silent: back office follows up
        complete(v4, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.DETAILS_CHANNEL, "email"));
        managementService.executeJob(timer(validation(v4), ValidationProcess.Elements.DETAILS_TIMEOUT).getId());
        Order v5 = untilKycTask(placeAndValidate(ANNA));                   // KYC data to submit
        Order v6 = submitKyc(untilKycTask(placeAndValidate(ANNA)), taxId('0')); // job before the request to Reltio
        Order v7 = awaitingResult(ANNA, taxId('0'));                       // waiting for Reltio, overdue timer later
        Order v8 = awaitingResult(ANNA, taxId('0'));                       // result in, job after the receipt
        deliverCallback(match(requestId(v8, 1), "entities/" + v8.orderRequestId()), requestId(v8, 1));
        Order v9 = awaitingResult(ANNA, taxId('0'));                       // no result in time: back office chases
        managementService.executeJob(timer(validation(v9), ValidationProcess.Elements.VALIDATION_OVERDUE).getId());
        Order v10 = awaitingResult(ANNA, taxId('1'));                      // potential matches to resolve
        deliverCallback(potentialMatches(requestId(v10, 1), "entities/" + v10.orderRequestId()), requestId(v10, 1));
        driver.drain(v10.instanceId());
        Order v11 = awaitingResult(ANNA, taxId('2'));                      // invalid data to review
        deliverCallback(invalid(requestId(v11, 1)), requestId(v11, 1));
        driver.drain(v11.instanceId());
        Order v12 = awaitingResult(ANNA, taxId('0'));                      // job before the link
        deliverCallback(match(requestId(v12, 1), "entities/" + v12.orderRequestId()), requestId(v12, 1));
        runJob(validation(v12), ValidationProcess.Elements.VALIDATION_COMPLETED);
        Order v13 = awaitingResult(ANNA, taxId('0'));                      // commerce refused the link
        planCommerceRefusal(v13.orderRequestId(), "customer-master");
        deliverCallback(match(requestId(v13, 1), "entities/" + v13.orderRequestId()), requestId(v13, 1));
        driver.drain(v13.instanceId());
        Order v14 = placeAndValidate(JENS);                                 // the order approver decides
        List<Order> validated = List.of(v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14);
        Map<Order, String> validationWaits = new LinkedHashMap<>();
        validationWaits.put(v1, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS);
        validationWaits.put(v2, ValidationProcess.Elements.CUSTOMER_DETAILS_SUBMITTED);
        validationWaits.put(v3, ValidationProcess.Elements.CUSTOMER_DETAILS_SUBMITTED + " (async)");
        validationWaits.put(v4, ValidationProcess.Elements.FOLLOW_UP_CUSTOMER_DETAILS);
        validationWaits.put(v5, ValidationProcess.Elements.SUBMIT_KYC_DATA);
        validationWaits.put(v6, ValidationProcess.Elements.REQUEST_VALIDATION + " (async)");
        validationWaits.put(v7, ValidationProcess.Elements.VALIDATION_COMPLETED);
        validationWaits.put(v8, ValidationProcess.Elements.VALIDATION_COMPLETED + " (async)");
        validationWaits.put(v9, ValidationProcess.Elements.CHASE_VALIDATION);
        validationWaits.put(v10, ValidationProcess.Elements.RESOLVE_CUSTOMER_MATCH);
        validationWaits.put(v11, ValidationProcess.Elements.REVIEW_VALIDATION_FAILURE);
        validationWaits.put(v12, ValidationProcess.Elements.LINK_CUSTOMER + " (async)");
        validationWaits.put(v13, ValidationProcess.Elements.RESOLVE_LINK_REFUSAL);
        validationWaits.put(v14, ValidationProcess.Elements.APPROVE_ORDER);
        validationWaits.forEach((order, activity) -> assertThat(waitingAt(validation(order)))
                .as("validation of " + order.orderRequestId()).containsExactly(activity));

        // what every instance of the test waits at, and its timers
        List<String> roots = new ArrayList<>();
        quoteCodes.forEach(code -> roots.add(quoteInstance(code)));
        plainOrders.forEach(order -> roots.add(order.instanceId()));
        validated.forEach(order -> roots.add(order.instanceId()));
        Map<String, Set<String>> waitingBefore = new LinkedHashMap<>();
        Map<String, Map<String, Date>> timersBefore = new HashMap<>();
        for (String root : roots) {
            for (String instance : driver.tree(root)) {
                waitingBefore.put(instance, waitingAt(instance));
                timersBefore.put(instance, timers(instance));
            }
        }
        assertThat(waitingBefore).hasSize(7 + 1 + 6 + 2 * 14);
        Map<String, String> definitionKeys = new HashMap<>();
        waitingBefore.keySet().forEach(instance -> definitionKeys.put(instance, definitionOf(instance).getKey()));

        // the changed models, deployed as the next version an hour later, and the migration with their plans: a
        // timer computed again on the way would fall an hour later
        ClockUtil.setCurrentTime(Date.from(clock.instant().plus(Duration.ofHours(1))));
        deploy(changedQuoteModel(), changedOrderModel(), changedValidationModel());
        ModelMigrator.MigrationRun run = migrator.migrate(testPlans());

        assertThat(run.notMigrated()).extracting(ModelMigrator.NotMigrated::processInstanceId)
                .as("none of the test's instances stays behind").doesNotContainAnyElementsOf(waitingBefore.keySet());
        waitingBefore.forEach((instance, before) -> {
            String key = definitionKeys.get(instance);
            assertThat(definitionOf(instance).getId()).as(key + " " + instance + " on the new version")
                    .isEqualTo(latest(key).getId());
            assertThat(waitingAt(instance)).as(key + " " + instance + " waits where it waited, renamed ids renamed")
                    .isEqualTo(renamed(key, before));
            assertThat(timers(instance)).as(key + " " + instance + " keeps its timers' due dates")
                    .isEqualTo(timersBefore.get(instance));
        });
        assertWaitingAt(quoteInstance(q3), "approveOfferedDiscount");
        assertWaitingAt(o6.instanceId(), "resolveRefusedCommerceCall");
        assertThat(waitingAt(validation(v2))).containsExactly("awaitCustomerDetails");
        assertThat(waitingAt(validation(v3))).containsExactly("awaitCustomerDetails (async)");
        assertThat(timers(validation(v2))).containsKeys(ValidationProcess.Elements.DETAILS_REMINDER,
                ValidationProcess.Elements.DETAILS_TIMEOUT).hasSize(4);

        assertThat(migrator.migrate(testPlans()).migrated()).as("a second run finds nothing to move").isZero();

        // every instance finishes on the new version, through the added elements
        runJob(quoteInstance(q1), QuoteProcess.Elements.QUOTE_REQUESTED);
        offerWithoutApproval(q1);
        completeTask(quoteInstance(q3), "approveOfferedDiscount", "mike", Groups.SALES_MANAGERS,
                Map.of(QuoteProcess.Variables.APPROVAL_DECISION, "approve", QuoteProcess.Variables.APPROVER_COMMENT, "ok"));
        quotes.renegotiate(q5, EMILY.customerId(), "A little less, please");
        offerWithoutApproval(q5);
        for (String code : List.of(q1, q3, q5)) {
            quotes.accept(code, EMILY.customerId(), EMILY.b2bUnitId());
        }
        for (String code : List.of(q1, q3, q5, q6, q7)) {
            driver.drain(quoteInstance(code));
        }

        for (Order order : List.of(o1, o2, o3, o4)) {
            driver.drain(order.instanceId());
        }
        driver.drain(o5.instanceId());
        complete(o5, ValidationProcess.Elements.APPROVE_ORDER, "olga", Groups.ORDER_APPROVERS, approve());
        driver.drain(o5.instanceId());
        completeTask(o6.instanceId(), "resolveRefusedCommerceCall", "bob", Groups.BACKOFFICE,
                Map.of(OrderProcess.Variables.REFUSAL_RESOLUTION, OrderProcess.Values.RETRY,
                        OrderProcess.Variables.REFUSAL_REASON, ""));
        driver.drain(o6.instanceId());
        complete(o6, ValidationProcess.Elements.APPROVE_ORDER, "olga", Groups.ORDER_APPROVERS, approve());
        driver.drain(o6.instanceId());

        complete(v1, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.DETAILS_CHANNEL, "enter"));
        matched(submitKyc(v1, taxId('0')), 1);
        driver.drain(v3.instanceId());
        matched(submitKyc(v3, taxId('0')), 1);
        complete(v4, ValidationProcess.Elements.FOLLOW_UP_CUSTOMER_DETAILS, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.FOLLOW_UP_OUTCOME, "enter", ValidationProcess.Variables.DECISION_REASON, ""));
        matched(submitKyc(v4, taxId('0')), 1);
        matched(submitKyc(v5, taxId('0')), 1);
        matched(v6, 1);
        deliverCallback(match(requestId(v7, 1), "entities/" + v7.orderRequestId()), requestId(v7, 1));
        driver.drain(v8.instanceId());
        complete(v9, ValidationProcess.Elements.CHASE_VALIDATION, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.CHASE_OUTCOME, "wait"));
        deliverCallback(match(requestId(v9, 1), "entities/" + v9.orderRequestId()), requestId(v9, 1));
        complete(v10, ValidationProcess.Elements.RESOLVE_CUSTOMER_MATCH, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.CHOSEN_MASTER, "1"));
        complete(v11, ValidationProcess.Elements.REVIEW_VALIDATION_FAILURE, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.FAILURE_DECISION, "fix", ValidationProcess.Variables.DECISION_REASON, ""));
        matched(submitKyc(v11, taxId('0')), 2);
        complete(v13, ValidationProcess.Elements.RESOLVE_LINK_REFUSAL, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.REFUSAL_RESOLUTION, "retry", ValidationProcess.Variables.REFUSAL_REASON, ""));
        complete(v14, ValidationProcess.Elements.APPROVE_ORDER, "olga", Groups.ORDER_APPROVERS, approve());
        for (Order order : validated) {
            if (order != v2) {
                driver.drain(order.instanceId());
            }
        }

        // last, as they move the engine clock: timers that were due later fire on the new version
        Instant reviewOverdue = timers(quoteInstance(q2)).get(QuoteProcess.Elements.REVIEW_OVERDUE).toInstant();
        Instant reminder = timers(validation(v2)).get(ValidationProcess.Elements.DETAILS_REMINDER).toInstant();
        Instant inactivity = timers(quoteInstance(q4)).get(QuoteProcess.Elements.INACTIVITY_REMINDER).toInstant();
        ClockUtil.setCurrentTime(Date.from(reviewOverdue));
        fireDueTimers(quoteInstance(q2));
        assertThat(passed(quoteInstance(q2), QuoteProcess.Elements.ESCALATE_REVIEW)).isOne();
        offerWithoutApproval(q2);
        quotes.accept(q2, EMILY.customerId(), EMILY.b2bUnitId());
        driver.drain(quoteInstance(q2));
        ClockUtil.setCurrentTime(Date.from(reminder));
        fireDueTimers(validation(v2));
        assertThat(passed(validation(v2), ValidationProcess.Elements.REMIND_BUYER_OF_DETAILS)).isOne();
        validations.submitDetailsByBuyer(v2.orderRequestId(), kyc(taxId('0')));
        driver.drain(v2.instanceId());
        matched(submitKyc(v2, taxId('0')), 1);
        driver.drain(v2.instanceId());
        ClockUtil.setCurrentTime(Date.from(inactivity));
        fireDueTimers(quoteInstance(q4));
        assertThat(passed(quoteInstance(q4), QuoteProcess.Elements.INACTIVITY_REMINDER)).isOne();
        quotes.accept(q4, EMILY.customerId(), EMILY.b2bUnitId());
        driver.drain(quoteInstance(q4));

        waitingBefore.keySet().forEach(instance -> {
            HistoricProcessInstance ended = historyService.createHistoricProcessInstanceQuery().processInstanceId(instance)
                    .singleResult();
            String key = ended.getProcessDefinitionKey();
            assertThat(ended.getEndTime()).as(key + " " + instance + " ended").isNotNull();
            assertThat(ended.getProcessDefinitionId()).as(key + " " + instance + " ended on the new version")
                    .isEqualTo(latest(key).getId());
            switch (key) {
                case QuoteProcess.KEY -> assertEndedThrough(ended, QuoteProcess.Elements.QUOTE_ORDERED, QUOTE_ADDED);
                case OrderProcess.KEY -> assertEndedThrough(ended, OrderProcess.Elements.ORDER_RELEASED, ORDER_ADDED);
                default -> assertEndedThrough(ended, ValidationProcess.Elements.CUSTOMER_APPROVED, VALIDATION_ADDED);
            }
        });
    }

    // --- what cannot move -----------------------------------------------------------------------------------------

    @Test
    void anInstanceInAnActivityTheNewVersionLacksStaysOnItsVersionListedForOperatorsAndFinishesThere() throws Exception {
        Order approval = placeAndValidate(JENS);
        Order details = placeAndValidate(ANNA);
        String stays = validation(approval);
        ProcessDefinition shipped = definitionOf(stays);
        String businessKey = runtimeService.createProcessInstanceQuery().processInstanceId(stays).singleResult()
                .getBusinessKey();
        // renamed without a word in the (shipped) plan: to the migration the approval is gone from the new version
        deploy(ModelChange.ofShipped(ValidationProcess.KEY).rename(ValidationProcess.Elements.APPROVE_ORDER, "approveRelease"));

        ModelMigrator.MigrationRun run = migrator.migrateShipped();

        assertThat(run.notMigrated()).filteredOn(left -> left.processInstanceId().equals(stays)).singleElement()
                .satisfies(left -> {
                    assertThat(left.businessKey()).isEqualTo(businessKey);
                    assertThat(left.version()).isEqualTo(shipped.getVersion());
                    assertThat(left.activities()).isEqualTo(ValidationProcess.Elements.APPROVE_ORDER);
                    assertThat(left.reason()).contains(ValidationProcess.Elements.APPROVE_ORDER);
                });
        assertThat(definitionOf(stays).getId()).as("left as it was").isEqualTo(shipped.getId());
        assertWaitingAt(stays, ValidationProcess.Elements.APPROVE_ORDER);
        assertThat(definitionOf(validation(details)).getId()).as("the others move")
                .isEqualTo(latest(ValidationProcess.KEY).getId());

        ModelMigrator.MigrationRun again = migrator.migrateShipped();
        assertThat(again.migrated()).isZero();
        assertThat(again.notMigrated()).extracting(ModelMigrator.NotMigrated::processInstanceId).contains(stays);

        HttpClient admin = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = send(admin, HttpRequest.newBuilder(URI.create(url("/operations/migrations")))
                .header("Authorization", HttpCalls.basic("admin", PASSWORD)));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(businessKey, ValidationProcess.KEY, ValidationProcess.Elements.APPROVE_ORDER,
                "no migration instruction");
        assertThat(HttpCalls.get(url("/operations/migrations"), "Authorization", HttpCalls.basic("sara", PASSWORD))
                .statusCode()).as("sales do not operate migrations").isEqualTo(403);
        Matcher token = CSRF.matcher(page.body().substring(page.body().indexOf("action=\"/operations/migrations\"")));
        assertThat(token.find()).isTrue();
        HttpResponse<String> migrated = send(admin, HttpRequest.newBuilder(URI.create(url("/operations/migrations")))
                .header("Authorization", HttpCalls.basic("admin", PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))));
        assertThat(migrated.statusCode()).as(migrated.body()).isEqualTo(302);
        assertThat(send(admin, HttpRequest.newBuilder(URI.create(url("/operations/migrations")))
                .header("Authorization", HttpCalls.basic("admin", PASSWORD))).body())
                .contains("0 instances migrated", businessKey);

        complete(approval, ValidationProcess.Elements.APPROVE_ORDER, "olga", Groups.ORDER_APPROVERS, approve());
        driver.drain(approval.instanceId());
        HistoricProcessInstance finished = historyService.createHistoricProcessInstanceQuery().processInstanceId(stays)
                .singleResult();
        assertThat(finished.getEndActivityId()).isEqualTo(ValidationProcess.Elements.CUSTOMER_APPROVED);
        assertThat(finished.getProcessDefinitionId()).as("finished on its version").isEqualTo(shipped.getId());
        assertThat(migrator.notMigrated(MigrationsPage.SHOWN)).extracting(ModelMigrator.NotMigrated::processInstanceId)
                .doesNotContain(stays);

        complete(details, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.DETAILS_CHANNEL, "enter"));
        matched(submitKyc(details, taxId('0')), 1);
        driver.drain(details.instanceId());
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(details.instanceId())
                .singleResult().getEndActivityId()).isEqualTo(OrderProcess.Elements.ORDER_RELEASED);
    }

    // --- the changed models ---------------------------------------------------------------------------------------

    private static ModelChange changedQuoteModel() {
        return ModelChange.ofShipped(QuoteProcess.KEY)
                .insertNoOpOn("flowConvertToMarkOrdered", QUOTE_ADDED, "Order handed over")
                .rename(QuoteProcess.Elements.APPROVE_DISCOUNT, "approveOfferedDiscount");
    }

    private static ModelChange changedOrderModel() {
        return ModelChange.ofShipped(OrderProcess.KEY)
                .insertNoOpOn("flowNotifyReleasedToEnd", ORDER_ADDED, "Release confirmed")
                .rename(OrderProcess.Elements.RESOLVE_COMMERCE_REFUSAL, "resolveRefusedCommerceCall");
    }

    private static ModelChange changedValidationModel() {
        return ModelChange.ofShipped(ValidationProcess.KEY)
                .insertNoOpOn("flowCompleteToEnd", VALIDATION_ADDED, "Approval recorded")
                .rename(ValidationProcess.Elements.CUSTOMER_DETAILS_SUBMITTED, "awaitCustomerDetails");
    }

    /** The plans the changes come with, read and checked as the application reads and checks its own. */
    private List<ModelMigrationPlan> testPlans() {
        List<ModelMigrationPlan> plans = new ArrayList<>();
        for (String key : List.of(QuoteProcess.KEY, OrderProcess.KEY, ValidationProcess.KEY)) {
            ModelMigrationPlan plan = ModelMigrationPlan.read(new ClassPathResource("model-migration/" + key + ".yaml"));
            plan.validateAgainst(repositoryService.getBpmnModelInstance(latest(key).getId()));
            assertThat(plan.renames()).isEqualTo(RENAMES.get(key));
            plans.add(plan);
        }
        return plans;
    }

    /** Deploys the models (with the forms their tasks are bound to in their deployment) as one deployment. */
    private void deploy(ModelChange... changes) {
        DeploymentBuilder deployment = repositoryService.createDeployment().name("model-migration-test");
        for (ModelChange change : changes) {
            Bpmn.validateModel(change.model);
            deployment.addModelInstance(change.processKey + ".bpmn", change.model);
        }
        try {
            for (Resource form : new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form")) {
                try (InputStream in = form.getInputStream()) {
                    deployment.addString(form.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deployments.add(deployment.deploy().getId());
    }

    private static Set<String> renamed(String key, Set<String> waiting) {
        Set<String> renamed = new LinkedHashSet<>();
        for (String activity : waiting) {
            String id = activity.replace(" (async)", "");
            renamed.add(RENAMES.get(key).getOrDefault(id, id) + activity.substring(id.length()));
        }
        return renamed;
    }

    private void assertEndedThrough(HistoricProcessInstance ended, String endEvent, String added) {
        assertThat(ended.getEndActivityId()).as(ended.getProcessDefinitionKey() + " " + ended.getId())
                .isEqualTo(endEvent);
        assertThat(passed(ended.getId(), added)).as(ended.getProcessDefinitionKey() + " " + ended.getId()
                + " passed " + added).isOne();
    }

    // --- quotes -----------------------------------------------------------------------------------------------------

    private String quote(Buyer buyer, String discount) {
        CreateQuoteRequest request = new CreateQuoteRequest("cart-" + UUID.randomUUID(), buyer.customerId(),
                buyer.b2bUnitId(), buyer.country(), null, buyer.currency(),
                List.of(new CreateQuoteRequest.Item("SKU-CONS-100", 10, new BigDecimal("120.00"))),
                new BigDecimal(discount), "Migration test");
        return quotes.create(request, UUID.randomUUID().toString()).quote().getCode();
    }

    private String untilReview(String code) {
        runJob(quoteInstance(code), QuoteProcess.Elements.QUOTE_REQUESTED);
        assertWaitingAt(quoteInstance(code), QuoteProcess.Elements.REVIEW_QUOTE);
        return code;
    }

    private String offered(String code) {
        untilReview(code);
        offerWithoutApproval(code);
        return code;
    }

    private void review(String code, double discount) {
        completeTask(quoteInstance(code), QuoteProcess.Elements.REVIEW_QUOTE, "sara", Groups.SALES,
                Map.of(QuoteProcess.Variables.OFFERED_DISCOUNT_PERCENT, discount, QuoteProcess.Variables.VALIDITY_DAYS,
                        30L, QuoteProcess.Variables.SELLER_COMMENT, "Our best price",
                        QuoteProcess.Variables.REVIEW_OUTCOME, QuoteProcess.Values.OFFER));
    }

    private void offerWithoutApproval(String code) {
        review(code, 4.0);
        assertThat(waitingAt(quoteInstance(code))).contains(QuoteProcess.Elements.BUYER_RESPONSE);
    }

    private String quoteInstance(String code) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY)
                .processInstanceBusinessKey(code).singleResult().getId();
    }

    // --- orders and validations -------------------------------------------------------------------------------------

    private Order place(Buyer buyer, String sku, String price) {
        PlaceOrderRequest request = new PlaceOrderRequest("cart-" + UUID.randomUUID(), buyer.customerId(),
                buyer.b2bUnitId(), buyer.country(), buyer.currency(),
                List.of(new PlaceOrderRequest.Item(sku, 1, new BigDecimal(price))), null);
        String orderRequestId = orders.place(request, UUID.randomUUID().toString()).order().getId();
        return new Order(orderRequestId, runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(OrderProcess.KEY).processInstanceBusinessKey(orderRequestId).singleResult().getId());
    }

    /** An order whose customer validation waits at its first step. */
    private Order placeAndValidate(Buyer buyer) {
        Order order = buyer == JENS ? place(JENS, "SKU-CTRL-300", "8000.00") : place(ANNA, "SKU-CAP-200", "45000.00");
        driver.drain(order.instanceId());
        assertThat(validation(order)).isNotNull();
        return order;
    }

    private String validation(Order order) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(ValidationProcess.KEY)
                .superProcessInstanceId(order.instanceId()).singleResult().getId();
    }

    private Order untilKycTask(Order order) {
        complete(order, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS, "bob", Groups.BACKOFFICE,
                Map.of(ValidationProcess.Variables.DETAILS_CHANNEL, "enter"));
        return order;
    }

    private Order submitKyc(Order order, String taxId) {
        complete(order, ValidationProcess.Elements.SUBMIT_KYC_DATA, "bob", Groups.BACKOFFICE, kyc(taxId).fields());
        return order;
    }

    private Order awaitingResult(Buyer buyer, String taxId) {
        Order order = submitKyc(untilKycTask(placeAndValidate(buyer)), taxId);
        runJob(validation(order), ValidationProcess.Elements.REQUEST_VALIDATION);
        assertWaitingAt(validation(order), ValidationProcess.Elements.VALIDATION_COMPLETED);
        return order;
    }

    /** The request goes to Reltio (if it has not), Reltio answers with a match, and the order finishes. */
    private void matched(Order order, int attempt) {
        if (!managementService.createJobQuery().processInstanceId(validation(order))
                .activityId(ValidationProcess.Elements.REQUEST_VALIDATION).list().isEmpty()) {
            runJob(validation(order), ValidationProcess.Elements.REQUEST_VALIDATION);
        }
        deliverCallback(match(requestId(order, attempt), "entities/" + order.orderRequestId()), requestId(order, attempt));
        driver.drain(order.instanceId());
    }

    private static Map<String, Object> approve() {
        return Map.of(ValidationProcess.Variables.ORDER_DECISION, "approve", ValidationProcess.Variables.DECISION_REASON, "");
    }

    private void complete(Order order, String taskKey, String user, String group, Map<String, Object> form) {
        completeTask(validation(order), taskKey, user, group, form);
    }

    private void completeTask(String processInstanceId, String taskKey, String user, String group,
            Map<String, Object> form) {
        Task task = taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey)
                .singleResult();
        assertThat(task).as(taskKey + " of " + processInstanceId).isNotNull();
        identityService.setAuthentication(user, List.of(group));
        try {
            taskService.complete(task.getId(), form);
        } finally {
            identityService.clearAuthentication();
        }
    }

    private static CustomerValidation.KycData kyc(String taxId) {
        return new CustomerValidation.KycData("Medizinisches Versorgungszentrum Nord", taxId, "BY-MP-4711",
                "Ismaninger Straße 22", "München", "81675", "Bavaria", "DE");
    }

    /** Sandbox Reltio's result follows the tax id's last digit: 0 match, 1 potential matches, 2 invalid. */
    private static String taxId(char lastDigit) {
        return "DE" + String.format("%08d", (int) (Math.random() * 100_000_000)) + lastDigit;
    }

    private void planCommerceRefusal(String orderRequestId, String action) {
        HttpResponse<String> planned = HttpCalls.postJson(url("/sandbox/commerce/failures"), "{\"idempotencyKey\":\""
                + orderRequestId + "\",\"times\":1,\"mode\":\"refuse\",\"action\":\"" + action + "\"}",
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(201);
    }

    // --- Reltio's signed callback ---------------------------------------------------------------------------------

    private static String requestId(Order order, int attempt) {
        return "RLT-" + order.orderRequestId() + "-" + attempt;
    }

    private void deliverCallback(String body, String requestId) {
        HttpResponse<String> response = HttpCalls.postJson(url(CALLBACKS), body, CallbackSignatures.HEADER,
                signatures.sign(body, clock.instant()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    if (!correlated(requestId)) {
                        Instant next = jdbc.queryForObject("select next_attempt_at from reltio_callback where request_id = ?",
                                java.sql.Timestamp.class, requestId).toInstant();
                        if (next.isAfter(clock.instant())) {
                            ClockUtil.setCurrentTime(Date.from(next));
                        }
                        inbox.deliverDue();
                    }
                    return correlated(requestId);
                });
    }

    private boolean correlated(String requestId) {
        return "CORRELATED".equals(jdbc.queryForObject("select status from reltio_callback where request_id = ?",
                String.class, requestId));
    }

    private String match(String requestId, String entityUri) {
        return write(Map.of("requestId", requestId, "status", "MATCH", "entityUri", entityUri));
    }

    private String potentialMatches(String requestId, String entityUri) {
        return write(Map.of("requestId", requestId, "status", "POTENTIAL_MATCHES", "entityUri", entityUri + "-new",
                "candidates", List.of(Map.of("entityUri", entityUri + "-a", "name", "MVZ Nord", "score", 0.92))));
    }

    private String invalid(String requestId) {
        return write(Map.of("requestId", requestId, "status", "INVALID", "issues", List.of(Map.of(
                "field", "address.region", "code", "REGION_MISMATCH", "message", "The region does not match"))));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- the engine -----------------------------------------------------------------------------------------------

    private ProcessDefinition latest(String key) {
        return repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
    }

    private ProcessDefinition definitionOf(String processInstanceId) {
        String id = runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).singleResult()
                .getProcessDefinitionId();
        return repositoryService.getProcessDefinition(id);
    }

    /** The innermost activities the instance waits in; a job of an async continuation as its activity "(async)". */
    private Set<String> waitingAt(String processInstanceId) {
        Set<String> ids = new LinkedHashSet<>();
        collect(runtimeService.getActivityInstance(processInstanceId), ids);
        return ids;
    }

    private static void collect(ActivityInstance instance, Set<String> ids) {
        for (TransitionInstance transition : instance.getChildTransitionInstances()) {
            ids.add(transition.getActivityId() + " (async)");
        }
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            if (child.getChildActivityInstances().length == 0 && child.getChildTransitionInstances().length == 0) {
                ids.add(child.getActivityId());
            } else {
                collect(child, ids);
            }
        }
    }

    private void assertWaitingAt(String processInstanceId, String activityId) {
        assertThat(waitingAt(processInstanceId)).as(processInstanceId).contains(activityId);
    }

    private void assertJobAt(String processInstanceId, String activityId) {
        assertThat(waitingAt(processInstanceId)).as(processInstanceId).containsExactly(activityId + " (async)");
    }

    /** The instance's timers by activity: due date and job (a timer kept is the same job). */
    private Map<String, Date> timers(String processInstanceId) {
        Map<String, Date> timers = new HashMap<>();
        for (Job timer : managementService.createJobQuery().processInstanceId(processInstanceId).timers().list()) {
            timers.put(timerActivity(timer), timer.getDuedate());
            timers.put(timerActivity(timer) + " job " + timer.getId(), timer.getDuedate());
        }
        return timers;
    }

    private String timerActivity(Job timer) {
        return managementService.createJobDefinitionQuery().jobDefinitionId(timer.getJobDefinitionId()).singleResult()
                .getActivityId();
    }

    private Job timer(String processInstanceId, String activityId) {
        return managementService.createJobQuery().processInstanceId(processInstanceId).timers().list().stream()
                .filter(timer -> timerActivity(timer).equals(activityId)).findFirst().orElseThrow();
    }

    private void runJob(String processInstanceId, String activityId) {
        List<Job> jobs = managementService.createJobQuery().processInstanceId(processInstanceId).activityId(activityId)
                .list();
        assertThat(jobs).as("job at " + activityId).hasSize(1);
        managementService.executeJob(jobs.get(0).getId());
    }

    private void runJobs(String processInstanceId, String... activityIds) {
        for (String activityId : activityIds) {
            runJob(processInstanceId, activityId);
        }
    }

    /** What the job executor would do at the current engine time: run the instance's timers that are due. */
    private void fireDueTimers(String processInstanceId) {
        while (true) {
            Date now = ClockUtil.getCurrentTime();
            List<Job> due = managementService.createJobQuery().processInstanceId(processInstanceId).timers()
                    .duedateLowerThan(new Date(now.getTime() + 1)).list();
            if (due.isEmpty()) {
                return;
            }
            managementService.executeJob(due.get(0).getId());
        }
    }

    private long passed(String processInstanceId, String activityId) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityId(activityId).count();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
