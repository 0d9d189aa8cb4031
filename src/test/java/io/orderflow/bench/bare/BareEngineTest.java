package io.orderflow.bench.bare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.container.RuntimeContainerDelegate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The bare engine of the load benchmark, started as the benchmark starts it and driven over the engine REST only,
 * along the paths the benchmark takes (see {@link BareEngineApplication}).
 */
class BareEngineTest {

    private static final DateTimeFormatter REST_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Duration JOBS_DONE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ProcessEngine applicationEngine;
    private static ProcessEngine containerEngine;
    private static ConfigurableApplicationContext bareEngine;
    private static String base;

    @BeforeAll
    static void start() {
        // The engine REST finds the default engine in two registries of the JVM: the container's (where the
        // application, a process application, registers its engine), else ProcessEngines by the name "default". In
        // this JVM the application's test contexts may hold an engine in both: the bare engine takes its place while
        // it runs and gives it back.
        RuntimeContainerDelegate container = RuntimeContainerDelegate.INSTANCE.get();
        containerEngine = container.getProcessEngineService().getDefaultProcessEngine();
        if (containerEngine != null) {
            container.unregisterProcessEngine(containerEngine);
        }
        applicationEngine = ProcessEngines.getProcessEngines().get(ProcessEngines.NAME_DEFAULT);
        // on the command line, so that the PostgreSQL run of the suite (system properties) does not move it there
        bareEngine = BareEngineApplication.builder().run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:bare-engine-test-" + UUID.randomUUID(),
                "--spring.datasource.username=sa", "--spring.datasource.password=");
        base = "http://127.0.0.1:" + bareEngine.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (bareEngine != null) {
            bareEngine.close();
        }
        if (applicationEngine != null) {
            ProcessEngines.registerProcessEngine(applicationEngine);
        }
        if (containerEngine != null) {
            RuntimeContainerDelegate.INSTANCE.get().registerProcessEngine(containerEngine);
        }
    }

    @Test
    void isHealthyAndHasDeployedExactlyTheApplicationsModels() {
        assertThat(get("/actuator/health").path("status").asText()).isEqualTo("UP");
        assertThat(get("/engine-rest/process-definition?latestVersion=true&sortBy=key&sortOrder=asc").findValuesAsText("key"))
                .containsExactly("customer-validation", "order-handoff", "quote-to-order");
        assertThat(get("/engine-rest/decision-definition?latestVersion=true&sortBy=key&sortOrder=asc").findValuesAsText("key"))
                .containsExactly("post-order-validation", "quote-approval-level");
    }

    /** a. Quote intake. */
    @Test
    void quoteRequestWaitsForReviewWithTheOverdueTimer() {
        Instant reviewDueAt = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        Quote quote = requestQuote(reviewDueAt);

        JsonNode task = quote.reviewTask();
        assertThat(instant(task.path("due"))).isEqualTo(reviewDueAt);
        assertThat(get("/engine-rest/task/" + task.path("id").asText() + "/identity-links?type=candidate")
                .findValuesAsText("groupId")).containsExactly("sales");
        JsonNode timers = get("/engine-rest/job?timers=true&processInstanceId=" + quote.id + "&activityId=reviewOverdue");
        assertThat(timers).hasSize(1);
        assertThat(instant(timers.get(0).path("dueDate"))).isEqualTo(reviewDueAt);
        // the no-ops ran in the start event's async continuation
        assertThat(finished(quote.id, "notifyQuoteReceived")).isEqualTo(1);
        assertThat(finished(quote.id, "startReview")).isEqualTo(1);
    }

    /** b. Task completion. */
    @Test
    void rejectedReviewEndsTheQuote() {
        Quote quote = requestQuote(Instant.now().plus(2, ChronoUnit.DAYS));
        String taskId = quote.reviewTask().path("id").asText();

        post("/engine-rest/task/" + taskId + "/complete", Map.of("variables", variables(
                "reviewOutcome", "reject", "offeredDiscountPercent", 0.0, "validityDays", 30L)), 204);

        JsonNode history = get("/engine-rest/history/process-instance/" + quote.id);
        assertThat(history.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(finished(quote.id, "rejectQuote")).isEqualTo(1);
        assertThat(finished(quote.id, "quoteRejected")).isEqualTo(1);
    }

    /** c. Timer. */
    @Test
    void overdueReviewIsEscalatedWhileTheReviewGoesOn() {
        Quote quote = requestQuote(Instant.now().plus(2, ChronoUnit.DAYS));
        String taskId = quote.reviewTask().path("id").asText();
        String timerId = get("/engine-rest/job?timers=true&processInstanceId=" + quote.id + "&activityId=reviewOverdue")
                .get(0).path("id").asText();

        post("/engine-rest/job/" + timerId + "/execute", null, 204);

        assertThat(finished(quote.id, "escalateReview")).isEqualTo(1);
        assertThat(finished(quote.id, "reviewEscalated")).isEqualTo(1);
        assertThat(get("/engine-rest/task?processInstanceId=" + quote.id).findValuesAsText("id")).containsExactly(taskId);
        assertThat(get("/engine-rest/history/process-instance/" + quote.id).path("state").asText()).isEqualTo("ACTIVE");
    }

    /** d. Callback correlation. */
    @Test
    void validationResultMovesTheValidationOnToTheOrderApproval() {
        String orderCode = "CO-" + unique();
        JsonNode started = post("/engine-rest/process-definition/key/customer-validation/start", Map.of(
                "businessKey", orderCode,
                "variables", variables("orderRequestId", "OR-" + unique(), "commerceOrderCode", orderCode,
                        "kycRequired", true, "approvalRequired", true,
                        "taskDueAt", Instant.now().plus(1, ChronoUnit.DAYS),
                        "detailsReminderAfter", "P3D", "detailsTimeoutAfter", "P7D", "validationTimeout", "PT4H")), 200);
        String id = started.path("id").asText();

        complete(awaitTask(id, "requestCustomerDetails"), variables("detailsChannel", "enter"));
        complete(awaitTask(id, "submitKycData"), variables("legalName", "Universitätsklinikum Nord",
                "taxId", "DE-8150", "licenceNumber", "BY-MP-4711", "addressLine1", "Ismaninger Straße 22",
                "city", "München", "postalCode", "81675", "region", "Bayern", "country", "DE"));

        // requestValidation is a save point: the job executor runs it, then the instance waits for the callback
        JsonNode waiting = awaitOne("/engine-rest/event-subscription?eventType=message&eventName=ValidationCompleted"
                + "&processInstanceId=" + id);
        assertThat(waiting.path("activityId").asText()).isEqualTo("validationCompleted");
        assertThat(get("/engine-rest/job?timers=true&processInstanceId=" + id + "&activityId=validationOverdue")).hasSize(1);

        JsonNode correlated = post("/engine-rest/message", Map.of("messageName", "ValidationCompleted",
                "processInstanceId", id, "processVariables", variables("validationStatus", "MATCH"),
                "resultEnabled", true), 200);
        assertThat(correlated.get(0).path("resultType").asText()).isEqualTo("Execution");

        // after the receive task's own save point and linkCustomer's, approvalRequired leads to the order approval
        awaitTask(id, "approveOrder");
        assertThat(finished(id, "linkCustomer")).isEqualTo(1);
        assertThat(finished(id, "recordCustomerLinked")).isEqualTo(1);
        assertThat(get("/engine-rest/event-subscription?processInstanceId=" + id)).isEmpty();
    }

    /** order-handoff's decision reads its inputs from the variables the caller supplies instead of the application. */
    @Test
    void placedOrderIsDecidedOnItsVariablesAndReleased() {
        String orderRequestId = "OR-" + unique();
        post("/engine-rest/message", Map.of("messageName", "OrderPlaced", "businessKey", orderRequestId,
                "processVariables", variables("orderRequestId", orderRequestId, "commerceOrderCode", "CO-" + unique(),
                        "country", "US", "customerValidationStatus", "VALIDATED", "highestProductClass", "CONSUMABLE",
                        "orderValue", 4200.0)), 204);

        JsonNode order = awaitEnded(orderRequestId, "order-handoff");
        assertThat(order.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(finished(order.path("id").asText(), "orderReleased")).isEqualTo(1);
        JsonNode decision = get("/engine-rest/history/decision-instance?decisionDefinitionKey=post-order-validation"
                + "&processInstanceId=" + order.path("id").asText() + "&includeInputs=true&includeOutputs=true");
        assertThat(decision).hasSize(1);
        Map<String, Object> inputs = new LinkedHashMap<>();
        decision.get(0).path("inputs").forEach(input -> inputs.put(input.path("clauseName").asText(),
                JSON.convertValue(input.path("value"), Object.class)));
        assertThat(inputs).containsExactly(Map.entry("Country", "US"),
                Map.entry("Customer validation status", "VALIDATED"), Map.entry("Highest product class", "CONSUMABLE"),
                Map.entry("Order value", 4200.0));
        assertThat(decision.get(0).findValuesAsText("ruleId")).contains("rule_noValidation");
    }

    /**
     * What the bare engine cannot run: the customer-validation that order-handoff calls gets no taskDueAt (the
     * application's openValidation writes it), so the job that reaches its first user task fails.
     */
    @Test
    void orderNeedingValidationFailsAtTheValidationsFirstTask() {
        String orderRequestId = "OR-" + unique();
        String orderCode = "CO-" + unique();
        post("/engine-rest/message", Map.of("messageName", "OrderPlaced", "businessKey", orderRequestId,
                "processVariables", variables("orderRequestId", orderRequestId, "commerceOrderCode", orderCode,
                        "country", "DE", "customerValidationStatus", "UNVALIDATED",
                        "highestProductClass", "CONTROLLED_DEVICE", "orderValue", 4200.0)), 204);
        String orderId = awaitOne("/engine-rest/process-instance?businessKey=" + orderRequestId).path("id").asText();

        JsonNode failed = awaitOne("/engine-rest/job?withException=true&processInstanceId=" + orderId);
        assertThat(failed.path("exceptionMessage").asText()).contains("taskDueAt");
        assertThat(get("/engine-rest/history/variable-instance?processInstanceId=" + orderId + "&variableName=kycRequired")
                .get(0).path("value").asBoolean()).isTrue();
        assertThat(get("/engine-rest/process-instance?businessKey=" + orderCode)).isEmpty();
    }

    /** The whole quote: offer without approval, the buyer accepts, the order is handed off and released. */
    @Test
    void acceptedOfferBecomesAReleasedOrder() {
        Instant now = Instant.now();
        String code = "Q-" + unique();
        Map<String, Object> quoteVariables = quoteVariables(code, now.plus(2, ChronoUnit.DAYS));
        quoteVariables.putAll(variables("discountPercent", 3.0, "netValue", 19400.0,
                "inactivityReminderAt", now.plus(7, ChronoUnit.DAYS), "beforeExpiryReminderAt", now.plus(27, ChronoUnit.DAYS),
                "expiryDayReminderAt", now.plus(30, ChronoUnit.DAYS), "expiresAt", now.plus(31, ChronoUnit.DAYS)));
        Quote quote = requestQuote(code, quoteVariables);
        complete(quote.reviewTask(), variables("reviewOutcome", "offer", "offeredDiscountPercent", 3.0,
                "validityDays", 30L));
        assertThat(get("/engine-rest/history/variable-instance?processInstanceId=" + quote.id + "&variableName=approvalLevel")
                .get(0).path("value").asText()).isEqualTo("NONE");
        assertThat(get("/engine-rest/job?timers=true&processInstanceId=" + quote.id)).hasSize(4);

        String orderRequestId = "OR-" + unique();
        post("/engine-rest/message", Map.of("messageName", "QuoteAccepted", "businessKey", code,
                "processVariables", variables("buyerDecision", "accept", "orderRequestId", orderRequestId)), 204);

        assertThat(awaitEnded(code, "quote-to-order").path("state").asText()).isEqualTo("COMPLETED");
        assertThat(finished(quote.id, "quoteOrdered")).isEqualTo(1);
        JsonNode order = get("/engine-rest/history/process-instance?processInstanceBusinessKey=" + orderRequestId
                + "&processDefinitionKey=order-handoff").get(0);
        assertThat(order.path("superProcessInstanceId").asText()).isEqualTo(quote.id);
        assertThat(finished(order.path("id").asText(), "orderReleased")).isEqualTo(1);
    }

    @Test
    void applicationsComponentScanLeavesTheBareEngineOut() {
        // what the application's @SpringBootApplication does to io.orderflow on the test classpath
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.scan("io.orderflow.bench");
            context.refresh();
            assertThat(context.getBeanNamesForType(BareEngineApplication.class)).isEmpty();
            assertThat(context.getBeanNamesForType(ProcessEnginePlugin.class)).isEmpty();
        }
    }

    // --- the quote ------------------------------------------------------------------------------------------------

    private record Quote(String code, String id) {

        JsonNode reviewTask() {
            return awaitTask(id, "reviewQuote");
        }
    }

    private static Quote requestQuote(Instant reviewDueAt) {
        String code = "Q-" + unique();
        return requestQuote(code, quoteVariables(code, reviewDueAt));
    }

    private static Quote requestQuote(String code, Map<String, Object> variables) {
        JsonNode result = post("/engine-rest/message", Map.of("messageName", "QuoteRequested", "businessKey", code,
                "processVariables", variables, "resultEnabled", true), 200);
        assertThat(result).hasSize(1);
        assertThat(result.get(0).path("resultType").asText()).isEqualTo("ProcessDefinition");
        return new Quote(code, result.get(0).path("processInstance").path("id").asText());
    }

    /** What the application's quote service sends, and the review's due date, which its startReview writes. */
    private static Map<String, Object> quoteVariables(String code, Instant reviewDueAt) {
        return variables("quoteCode", code, "country", "DE", "reviewDueAt", reviewDueAt);
    }

    // --- engine REST ----------------------------------------------------------------------------------------------

    private static JsonNode awaitTask(String processInstanceId, String taskDefinitionKey) {
        return awaitOne("/engine-rest/task?processInstanceId=" + processInstanceId
                + "&taskDefinitionKey=" + taskDefinitionKey);
    }

    private static void complete(JsonNode task, Map<String, Object> variables) {
        post("/engine-rest/task/" + task.path("id").asText() + "/complete", Map.of("variables", variables), 204);
    }

    private static JsonNode awaitOne(String path) {
        return await().atMost(JOBS_DONE).pollInterval(Duration.ofMillis(100))
                .until(() -> get(path), found -> found.size() == 1).get(0);
    }

    private static JsonNode awaitEnded(String businessKey, String processDefinitionKey) {
        return awaitOne("/engine-rest/history/process-instance?finished=true&processInstanceBusinessKey=" + businessKey
                + "&processDefinitionKey=" + processDefinitionKey);
    }

    private static long finished(String processInstanceId, String activityId) {
        return get("/engine-rest/history/activity-instance/count?finished=true&processInstanceId=" + processInstanceId
                + "&activityId=" + activityId).path("count").asLong();
    }

    /** Engine REST variables: name, value, name, value... with the value's type as the engine stores it. */
    private static Map<String, Object> variables(Object... namesAndValues) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            variables.put((String) namesAndValues[i], Map.of("value", value instanceof Instant instant
                    ? REST_DATE.format(instant.atOffset(ZoneOffset.UTC)) : value, "type", type(value)));
        }
        return variables;
    }

    private static String type(Object value) {
        if (value instanceof Instant) {
            return "Date";
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value.getClass().getSimpleName();
        }
        throw new IllegalArgumentException(value.getClass().getName());
    }

    private static Instant instant(JsonNode restDate) {
        return OffsetDateTime.parse(restDate.asText(), REST_DATE).toInstant();
    }

    private static JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
    }

    private static JsonNode post(String path, Object body, int expectedStatus) {
        try {
            HttpRequest.BodyPublisher json = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(json), expectedStatus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode send(HttpRequest.Builder request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s: %s", request.build().uri(), response.body()).isEqualTo(expectedStatus);
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
