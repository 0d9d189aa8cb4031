package io.orderflow.order;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static io.orderflow.HttpCalls.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.math.BigDecimal;
import java.time.Duration;
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
import io.orderflow.notification.OutboxSender;
import io.orderflow.quote.CreateQuoteRequest;
import io.orderflow.quote.Quote;
import io.orderflow.quote.QuoteProcess;
import io.orderflow.quote.QuoteService;
import io.orderflow.quote.QuoteState;
import io.orderflow.sandbox.SandboxMailServer;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import io.orderflow.order.OrderProcess.Elements;
import io.orderflow.order.OrderProcess.Values;
import io.orderflow.order.OrderProcess.Variables;
import io.orderflow.security.Groups;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code order-handoff} model end to end over the checkout API, the engine REST and the commerce simulator. The
 * class fails when a flow node or sequence flow of the model is left uncovered.
 */
@FullCoverageOf(OrderProcess.KEY)
class OrderHandoffTest extends IntegrationTest {

    static final String API_KEY = "sandbox-checkout-key";

    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    OutboxSender outboxSender;
    @Autowired
    SandboxMailServer mailbox;
    @Autowired
    java.time.Clock clock;
    @Autowired
    QuoteService quotes;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;

    final ObjectMapper json = new ObjectMapper();
    ProcessDriver driver;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @BeforeEach
    void setUp() {
        driver = new ProcessDriver(managementService, runtimeService);
        // mails other tests left in the outbox go out now, not into this test's mailbox
        outboxSender.sendDue(clock.instant().plus(Duration.ofDays(1)));
        mailbox.clear();
    }

    @Test
    void validatedCustomerBuyingConsumablesIsReleasedWithNoHumanTouch() throws Exception {
        String id = place(order("emily.clark", "US-MERCY", "US", "USD", "SKU-CONS-100", 10, "120.00"));

        driver.drain(instance(id));

        JsonNode order = order(id);
        assertThat(order.path("state").asText()).isEqualTo("RELEASED");
        assertThat(order.path("kycRequired").asBoolean()).isFalse();
        assertThat(order.path("approvalRequired").asBoolean()).isFalse();
        JsonNode commerceOrder = commerceOrder(order.path("commerceOrderCode").asText());
        assertThat(commerceOrder.path("status").asText()).isEqualTo("RELEASED");
        assertThat(commerceOrder.path("b2bUnitId").asText()).isEqualTo("US-MERCY");
        outboxSender.sendDue(clock.instant());
        assertThat(mailbox.mails()).singleElement().satisfies(mail -> {
            assertThat(mail.to()).isEqualTo("emily.clark@mercy.example");
            assertThat(mail.subject()).isEqualTo("Your order " + order.path("commerceOrderCode").asText() + " has been confirmed");
        });
    }

    @Test
    void controlledDeviceInGermanyIsHeldUntilApprovedThenReleased() throws Exception {
        String id = place(order("jens.weber", "DE-UNIKLINIK", "DE", "EUR", "SKU-CTRL-300", 1, "8000.00"));
        driver.drain(instance(id));

        JsonNode held = order(id);
        assertThat(held.path("state").asText()).isEqualTo("IN_VALIDATION");
        assertThat(held.path("kycRequired").asBoolean()).as("validated customer").isFalse();
        assertThat(held.path("approvalRequired").asBoolean()).isTrue();
        assertThat(commerceOrder(held.path("commerceOrderCode").asText()).path("status").asText()).isEqualTo("ON_HOLD");

        decideAsOrderApprover(id, "approve", null);
        driver.drain(instance(id));

        JsonNode released = order(id);
        assertThat(released.path("state").asText()).isEqualTo("RELEASED");
        assertThat(released.path("validationState").asText()).isEqualTo("APPROVED");
        assertThat(commerceOrder(released.path("commerceOrderCode").asText()).path("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void rejectedOrderIsCancelledInCommerceAndTheBuyerToldWhyInTheirLanguage() throws Exception {
        String id = place(order("jens.weber", "DE-UNIKLINIK", "DE", "EUR", "SKU-CTRL-300", 2, "8000.00"));
        driver.drain(instance(id));
        assertThat(order(id).path("approvalRequired").asBoolean()).as("DE controlled device").isTrue();

        decideAsOrderApprover(id, "reject", "Licence for controlled devices missing");
        driver.drain(instance(id));

        JsonNode cancelled = order(id);
        assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(commerceOrder(cancelled.path("commerceOrderCode").asText()).path("status").asText()).isEqualTo("CANCELLED");
        outboxSender.sendDue(clock.instant());
        assertThat(mailbox.mails()).singleElement().satisfies(mail -> {
            assertThat(mail.to()).isEqualTo("jens.weber@uniklinik-nord.example");
            assertThat(mail.locale()).isEqualTo("de");
            assertThat(mail.text()).contains("Licence for controlled devices missing");
        });
    }

    @Test
    void commerceFailingThreeTimesLeavesAnIncidentAndTheOperatorsRetryCreatesTheOrderOnce() throws Exception {
        String id = place(order("emily.clark", "US-MERCY", "US", "USD", "SKU-CONS-100", 1, "120.00"));
        postJson(url("/sandbox/commerce/failures"), "{\"idempotencyKey\":\"" + id + "\",\"times\":3,\"mode\":\"error\"}",
                "Authorization", basic("sara", PASSWORD));
        String instance = instance(id);

        managementService.executeJob(managementService.createJobQuery().processInstanceId(instance).singleResult().getId());
        Job create = managementService.createJobQuery().processInstanceId(instance)
                .activityId(OrderProcess.Elements.CREATE_COMMERCE_ORDER).singleResult();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThatThrownBy(() -> managementService.executeJob(create.getId())).hasMessageContaining("500");
        }
        List<Incident> incidents = runtimeService.createIncidentQuery().processInstanceId(instance).list();
        assertThat(incidents).singleElement().satisfies(incident ->
                assertThat(incident.getActivityId()).isEqualTo(OrderProcess.Elements.CREATE_COMMERCE_ORDER));
        assertThat(order(id).path("state").asText()).isEqualTo("CREATING");

        // what Cockpit's "retry" does, as the operator
        HttpResponse<String> retry = HttpCalls.send(HttpRequest.newBuilder(URI.create(url("/engine-rest/job/" + create.getId() + "/retries")))
                .header("Authorization", basic("admin", PASSWORD)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"retries\":1}")));
        assertThat(retry.statusCode()).isEqualTo(204);
        // the job executor picks the job up once the retry cycle's wait is over
        ClockUtil.setCurrentTime(Date.from(clock.instant().plus(Duration.ofMinutes(2))));
        driver.drain(instance);

        assertThat(order(id).path("state").asText()).isEqualTo("RELEASED");
        assertThat(runtimeService.createIncidentQuery().processInstanceId(instance).count()).isZero();
        assertThat(json.readTree(get(url("/sandbox/commerce/calls/" + id), "Authorization", basic("sara", PASSWORD)).body()).path("createOrderCalls").asInt())
                .isEqualTo(4);
    }

    @Test
    void commerceRefusingTheOrderEndsItFailed() throws Exception {
        String id = place(order("emily.clark", "US-MERCY", "US", "USD", "SKU-CONS-100", 1, "120.00"));
        planRefusal(id, "create", 1);
        String instance = instance(id);

        driver.drain(instance);

        assertThat(order(id).path("state").asText()).isEqualTo("FAILED");
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .activityId(OrderProcess.Elements.ORDER_FAILED).count()).isEqualTo(1);
        assertThat(historicOutcome(instance)).isEqualTo("FAILED");
    }

    @Test
    void refusedHoldAndReleaseGoToBackOfficeWhoRetryAndTheOrderIsHeldThenReleased() throws Exception {
        String id = place(order("jens.weber", "DE-UNIKLINIK", "DE", "EUR", "SKU-CTRL-300", 1, "8000.00"));
        planRefusal(id, "hold", 1);
        String instance = instance(id);

        driver.drain(instance);

        assertThat(runtimeService.getActiveActivityIds(instance)).containsExactly(Elements.RESOLVE_COMMERCE_REFUSAL);
        assertThat(order(id).path("state").asText()).isEqualTo("COMMERCE_REFUSED");
        Task resolve = refusalTask(instance);
        assertThat(candidateGroups(resolve)).containsExactly(Groups.BACKOFFICE);
        assertThat(resolve.getDueDate()).isNotNull();
        assertThat(String.valueOf(taskService.getVariableLocal(resolve.getId(), Variables.REFUSAL_SUMMARY)))
                .contains(id, "Refused call: hold", "409");
        assertThat(resolve.getName()).as("back office can tell refusals apart in Tasklist")
                .startsWith("Resolve commerce refusal · CO-").contains(" · Jens Weber (DE-UNIKLINIK) · ").endsWith("€");

        resolveAs(resolve, Values.RETRY, "");
        assertThat(order(id).path("state").asText()).as("sent again").isEqualTo("RETRYING");
        driver.drain(instance);

        JsonNode held = order(id);
        assertThat(held.path("state").asText()).isEqualTo("IN_VALIDATION");
        assertThat(commerceOrder(held.path("commerceOrderCode").asText()).path("status").asText()).isEqualTo("ON_HOLD");

        planRefusal(id, "release", 1);
        decideAsOrderApprover(id, "approve", null);
        driver.drain(instance);

        assertThat(order(id).path("state").asText()).isEqualTo("COMMERCE_REFUSED");
        assertThat(commerceOrder(held.path("commerceOrderCode").asText()).path("status").asText()).isEqualTo("ON_HOLD");
        resolveAs(refusalTask(instance), Values.RETRY, "");
        driver.drain(instance);

        assertThat(order(id).path("state").asText()).isEqualTo("RELEASED");
        assertThat(commerceOrder(held.path("commerceOrderCode").asText()).path("status").asText()).isEqualTo("RELEASED");
        assertThat(historicOutcome(instance)).isEqualTo("RELEASED");
    }

    @Test
    void refusedReleaseGivenUpByBackOfficeCancelsTheOrderAndTellsTheBuyerWhy() throws Exception {
        String id = place(order("emily.clark", "US-MERCY", "US", "USD", "SKU-CONS-100", 2, "120.00"));
        planRefusal(id, "release", 1);
        String instance = instance(id);
        driver.drain(instance);
        Task resolve = refusalTask(instance);

        HttpResponse<String> noReason = submitOverRest("bob", resolve,
                "{\"refusalResolution\":{\"value\":\"giveUp\"},\"refusalReason\":{\"value\":\"\"}}");
        assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(400);
        HttpResponse<String> extraField = submitOverRest("bob", resolve,
                "{\"refusalResolution\":{\"value\":\"retry\"},\"refusedCommerceCall\":{\"value\":\"cancel\"}}");
        assertThat(extraField.statusCode()).as(extraField.body()).isEqualTo(400);
        HttpResponse<String> notBackOffice = submitOverRest("sara", resolve,
                "{\"refusalResolution\":{\"value\":\"retry\"}}");
        assertThat(notBackOffice.statusCode()).as(notBackOffice.body()).isIn(403, 404);
        assertThat(runtimeService.getActiveActivityIds(instance)).containsExactly(Elements.RESOLVE_COMMERCE_REFUSAL);

        HttpResponse<String> gaveUp = submitOverRest("bob", resolve,
                "{\"refusalResolution\":{\"value\":\"giveUp\"},\"refusalReason\":{\"value\":\"Product withdrawn by the manufacturer\"}}");
        assertThat(gaveUp.statusCode()).as(gaveUp.body()).isEqualTo(204);
        driver.drain(instance);

        JsonNode cancelled = order(id);
        assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(commerceOrder(cancelled.path("commerceOrderCode").asText()).path("status").asText()).isEqualTo("CANCELLED");
        assertThat(historicOutcome(instance)).isEqualTo("CANCELLED");
        outboxSender.sendDue(clock.instant());
        assertThat(mailbox.mails()).singleElement().satisfies(mail -> {
            assertThat(mail.to()).isEqualTo("emily.clark@mercy.example");
            assertThat(mail.text()).contains("Product withdrawn by the manufacturer");
        });
    }

    @Test
    void refusedCancellationIsRetriedThenGivenUpAndTheOrderEndsFailed() throws Exception {
        String id = place(order("jens.weber", "DE-UNIKLINIK", "DE", "EUR", "SKU-CTRL-300", 3, "8000.00"));
        String instance = instance(id);
        driver.drain(instance);
        planRefusal(id, "cancel", 2);
        decideAsOrderApprover(id, "reject", "Licence for controlled devices missing");
        driver.drain(instance);

        assertThat(order(id).path("state").asText()).isEqualTo("COMMERCE_REFUSED");
        resolveAs(refusalTask(instance), Values.RETRY, "");
        driver.drain(instance);
        assertThat(order(id).path("state").asText()).as("refused again").isEqualTo("COMMERCE_REFUSED");
        resolveAs(refusalTask(instance), Values.GIVE_UP, "Commerce keeps the order; cancel it by hand");
        driver.drain(instance);

        JsonNode failed = order(id);
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(commerceOrder(failed.path("commerceOrderCode").asText()).path("status").asText()).isEqualTo("ON_HOLD");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndActivityId())
                .isEqualTo(Elements.ORDER_FAILED);
        assertThat(historicOutcome(instance)).isEqualTo("FAILED");
    }

    @Test
    void quoteWhoseOrderCommerceWouldNotReleaseIsNotLeftOrdered() throws Exception {
        Quote quote = quotes.create(new CreateQuoteRequest("cart-" + UUID.randomUUID(), "emily.clark", "US-MERCY", "US",
                null, "USD", List.of(new CreateQuoteRequest.Item("SKU-CONS-100", 10, new BigDecimal("120.00"))),
                new BigDecimal("10"), null), UUID.randomUUID().toString()).quote();
        String orderRequestId = "OR-FROM-" + quote.getCode();
        planRefusal(orderRequestId, "release", 1);
        ProcessInstance handoff = runtimeService.startProcessInstanceByKey(OrderProcess.KEY, orderRequestId,
                Map.of(OrderProcess.Variables.ORDER_REQUEST_ID, orderRequestId, OrderProcess.Variables.QUOTE_CODE, quote.getCode()));
        driver.drain(handoff.getId());
        resolveAs(refusalTask(handoff.getId()), Values.GIVE_UP, "Commerce cannot ship to this unit");
        driver.drain(handoff.getId());

        // what quote-to-order does with the outcome its call activity hands back
        quotes.recordOrderOutcome(quote.getCode(), historicOutcome(handoff.getId()));

        assertThat(quotes.get(quote.getCode()).getState()).isEqualTo(QuoteState.CANCELLED);
    }

    @Test
    void orderFromAnAcceptedQuoteTakesCustomerUnitAndDiscountedPricesFromTheQuote() throws Exception {
        Quote quote = quotes.create(new CreateQuoteRequest("cart-" + UUID.randomUUID(), "emily.clark", "US-MERCY", "US",
                null, "USD", List.of(new CreateQuoteRequest.Item("SKU-CONS-100", 10, new BigDecimal("120.00"))),
                new BigDecimal("10"), null), UUID.randomUUID().toString()).quote();
        String orderRequestId = "OR-FROM-" + quote.getCode();

        // as the quote's call activity starts it
        ProcessInstance handoff = runtimeService.startProcessInstanceByKey(OrderProcess.KEY, orderRequestId,
                Map.of(OrderProcess.Variables.ORDER_REQUEST_ID, orderRequestId, OrderProcess.Variables.QUOTE_CODE, quote.getCode()));
        driver.drain(handoff.getId());

        JsonNode order = order(orderRequestId);
        assertThat(order.path("state").asText()).isEqualTo("RELEASED");
        assertThat(order.path("quoteCode").asText()).isEqualTo(quote.getCode());
        assertThat(order.path("value").decimalValue()).as("discounted by 10 %").isEqualByComparingTo("1080.00");
        JsonNode commerceOrder = commerceOrder(order.path("commerceOrderCode").asText());
        assertThat(commerceOrder.path("b2bUnitId").asText()).isEqualTo("US-MERCY");
        assertThat(commerceOrder.path("lines").get(0).path("unitPrice").decimalValue()).isEqualByComparingTo("108.00");
        assertThat(quotes.get(quote.getCode()).getState()).as("the order exists").isEqualTo(QuoteState.ORDERED);
        assertThat(quotes.get(quote.getCode()).getCommerceOrderCode()).isEqualTo(order.path("commerceOrderCode").asText());
    }

    @Test
    void sameIdempotencyKeyPlacesOneOrderAndAnotherBodyIsRefused() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = order("emily.clark", "US-MERCY", "US", "USD", "SKU-CONS-100", 3, "120.00");

        HttpResponse<String> first = postJson(url("/api/v1/orders"), body, "X-Api-Key", API_KEY, "Idempotency-Key", key);
        HttpResponse<String> again = postJson(url("/api/v1/orders"), body, "X-Api-Key", API_KEY, "Idempotency-Key", key);
        HttpResponse<String> other = postJson(url("/api/v1/orders"), body.replace("\"quantity\":3", "\"quantity\":4"),
                "X-Api-Key", API_KEY, "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json.readTree(again.body()).path("orderRequestId")).isEqualTo(json.readTree(first.body()).path("orderRequestId"));
        assertThat(runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKey(json.readTree(first.body()).path("orderRequestId").asText()).count()).isEqualTo(1);
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body()).contains("\"field\":\"Idempotency-Key\"");
    }

    @Test
    void badOrdersAreRefusedNamingTheField() {
        String valid = order("emily.clark", "US-MERCY", "US", "USD", "SKU-CONS-100", 1, "120.00");
        assertProblem(valid.replace("\"quantity\":1", "\"quantity\":0"), "items[0].quantity");
        assertProblem(valid.replace("\"USD\"", "\"EUR\""), "currency");
        assertProblem(valid.replace("SKU-CONS-100", "SKU-NONE"), "items[0].sku");
        assertProblem(valid.replace("\"unitPrice\":120.00", "\"unitPrice\":\"cheap\""), "items[0].unitPrice");
        assertProblem("{not json", "body");
        HttpResponse<String> noKey = postJson(url("/api/v1/orders"), valid, "X-Api-Key", API_KEY);
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("\"field\":\"Idempotency-Key\"");
        assertThat(get(url("/api/v1/orders/OR-NOPE"), "X-Api-Key", API_KEY).statusCode()).isEqualTo(404);
    }

    private void assertProblem(String body, String field) {
        HttpResponse<String> response = postJson(url("/api/v1/orders"), body, "X-Api-Key", API_KEY,
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(response.statusCode()).as(field).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }

    private void planRefusal(String orderRequestId, String action, int times) {
        HttpResponse<String> planned = postJson(url("/sandbox/commerce/failures"), "{\"idempotencyKey\":\"" + orderRequestId
                + "\",\"times\":" + times + ",\"mode\":\"refuse\",\"action\":\"" + action + "\"}",
                "Authorization", basic("sara", PASSWORD));
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(201);
    }

    private Task refusalTask(String instance) {
        Task task = taskService.createTaskQuery().processInstanceId(instance)
                .taskDefinitionKey(Elements.RESOLVE_COMMERCE_REFUSAL).singleResult();
        assertThat(task).as("resolve commerce refusal").isNotNull();
        return task;
    }

    private List<String> candidateGroups(Task task) {
        return taskService.getIdentityLinksForTask(task.getId()).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
                .map(IdentityLink::getGroupId).toList();
    }

    /** As bob of back office, with exactly the task's form fields. */
    private void resolveAs(Task task, String resolution, String reason) {
        identityService.setAuthentication("bob", List.of(Groups.BACKOFFICE));
        try {
            taskService.complete(task.getId(), Map.of(Variables.REFUSAL_RESOLUTION, resolution,
                    Variables.REFUSAL_REASON, reason));
        } finally {
            identityService.clearAuthentication();
        }
    }

    private HttpResponse<String> submitOverRest(String user, Task task, String variables) {
        return postJson(url("/engine-rest/task/" + task.getId() + "/submit-form"), "{\"variables\":" + variables + "}",
                "Authorization", basic(user, PASSWORD));
    }

    private String historicOutcome(String instance) {
        return (String) historyService.createHistoricVariableInstanceQuery().processInstanceId(instance)
                .variableName(Variables.ORDER_OUTCOME).singleResult().getValue();
    }

    private void decideAsOrderApprover(String orderRequestId, String decision, String reason) throws Exception {
        String olga = basic("olga", PASSWORD);
        ProcessInstance validation = runtimeService.createProcessInstanceQuery().processDefinitionKey("customer-validation")
                .variableValueEquals("orderRequestId", orderRequestId).singleResult();
        JsonNode tasks = json.readTree(get(url("/engine-rest/task?processInstanceId=" + validation.getId()
                + "&taskDefinitionKey=approveOrder"), "Authorization", olga).body());
        assertThat(tasks).hasSize(1);
        String variables = "{\"variables\":{\"orderDecision\":{\"value\":\"" + decision + "\"}"
                + (reason == null ? "" : ",\"decisionReason\":{\"value\":\"" + reason + "\"}") + "}}";
        HttpResponse<String> submitted = postJson(url("/engine-rest/task/" + tasks.get(0).path("id").asText() + "/submit-form"),
                variables, "Authorization", olga);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(204);
    }

    private String place(String body) throws Exception {
        HttpResponse<String> response = postJson(url("/api/v1/orders"), body, "X-Api-Key", API_KEY,
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("orderRequestId").asText();
    }

    private String instance(String orderRequestId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY)
                .processInstanceBusinessKey(orderRequestId).singleResult().getId();
    }

    private JsonNode order(String orderRequestId) throws Exception {
        return json.readTree(get(url("/api/v1/orders/" + orderRequestId), "X-Api-Key", API_KEY).body());
    }

    private JsonNode commerceOrder(String code) throws Exception {
        return json.readTree(get(url("/sandbox/commerce/orders/" + code), "Authorization", basic("sara", PASSWORD)).body());
    }

    private static String order(String customer, String unit, String country, String currency, String sku, int quantity,
            String price) {
        return "{\"cartId\":\"cart-" + UUID.randomUUID() + "\",\"customerId\":\"" + customer + "\",\"b2bUnitId\":\"" + unit
                + "\",\"country\":\"" + country + "\",\"currency\":\"" + currency + "\",\"items\":[{\"sku\":\"" + sku
                + "\",\"quantity\":" + quantity + ",\"unitPrice\":" + price + "}]}";
    }
}
