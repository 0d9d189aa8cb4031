package io.orderflow.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.orderflow.HttpCalls;
import io.orderflow.ProcessDriver;
import io.orderflow.TestPorts;
import io.orderflow.order.OrderProcess;
import io.orderflow.order.OrderService;
import io.orderflow.order.OrderState;
import io.orderflow.order.PlaceOrderRequest;
import io.orderflow.sales.SalesSync;
import io.orderflow.security.CallbackSignatures;
import io.orderflow.security.Groups;
import io.orderflow.validation.CallbackInbox;
import io.orderflow.validation.ReltioCallback;
import io.orderflow.validation.ValidationProcess;
import io.orderflow.validation.ValidationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Commerce, Reltio and the sales system behind OAuth 2.0, end to end: the application runs as the sandbox does, with
 * the three neighbours switched to {@code auth.type: oauth2} against a WireMock token endpoint. WireMock also stands in
 * front of the sandbox's simulated commerce, Reltio and sales system as their resource server: it lets a call through only with a token it
 * issued to that neighbour's client, and answers 401 to any other. An application of its own, on an H2 database of its
 * own whichever database the suite runs on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// closed after the class: what the engine and Connect keep for the whole JVM goes back to the suite's application
@DirtiesContext
class OAuth2NeighboursTest {

    static final String COMMERCE_CLIENT = "orderflow-commerce";
    static final String COMMERCE_SECRET = "commerce-client-s3cret";
    static final String RELTIO_CLIENT = "orderflow-reltio";
    static final String RELTIO_SECRET = "reltio-client-s3cret";
    static final String SALES_CLIENT = "orderflow-sales";
    static final String SALES_SECRET = "sales-client-s3cret";
    static final String TOKEN_PATH = "/oauth/token";
    static final int PORT = TestPorts.free();
    static final int SMTP_PORT = TestPorts.free();

    static final WireMockServer NEIGHBOURS = started();

    @DynamicPropertySource
    static void neighboursBehindOAuth2(DynamicPropertyRegistry registry) {
        // a second application in this JVM beside the suite's: its engine and process application under names of
        // their own (a name with a hyphen would be ignored), on a database of its own, since the sandbox's simulators
        // number their records per node
        registry.add("camunda.bpm.process-engine-name", () -> "oauth2node");
        // the Camunda webapps keep their engines in static fields too: this application goes without them
        registry.add("camunda.bpm.webapp.enabled", () -> "false");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:orderflow-oauth2;DB_CLOSE_DELAY=-1");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
        registry.add("camunda.bpm.generate-unique-process-application-name", () -> "true");
        registry.add("server.port", () -> PORT);
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("orderflow.commerce.base-url", () -> NEIGHBOURS.baseUrl() + "/sandbox/commerce");
        registry.add("orderflow.commerce.auth.type", () -> "oauth2");
        registry.add("orderflow.commerce.auth.token-uri", () -> NEIGHBOURS.baseUrl() + TOKEN_PATH);
        registry.add("orderflow.commerce.auth.client-id", () -> COMMERCE_CLIENT);
        registry.add("orderflow.commerce.auth.client-secret", () -> COMMERCE_SECRET);
        registry.add("orderflow.commerce.auth.scope", () -> "orders customers");
        registry.add("orderflow.reltio.base-url", () -> NEIGHBOURS.baseUrl() + "/sandbox/reltio");
        registry.add("orderflow.reltio.auth.type", () -> "oauth2");
        registry.add("orderflow.reltio.auth.token-uri", () -> NEIGHBOURS.baseUrl() + TOKEN_PATH);
        registry.add("orderflow.reltio.auth.client-id", () -> RELTIO_CLIENT);
        registry.add("orderflow.reltio.auth.client-secret", () -> RELTIO_SECRET);
        registry.add("orderflow.sales.webhook.url", () -> NEIGHBOURS.baseUrl() + "/sandbox/sales/events");
        registry.add("orderflow.sales.auth.type", () -> "oauth2");
        registry.add("orderflow.sales.auth.token-uri", () -> NEIGHBOURS.baseUrl() + TOKEN_PATH);
        registry.add("orderflow.sales.auth.client-id", () -> SALES_CLIENT);
        registry.add("orderflow.sales.auth.client-secret", () -> SALES_SECRET);
    }

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;
    @Autowired
    OrderService orders;
    @Autowired
    ValidationService validations;
    @Autowired
    CallbackInbox inbox;
    @Autowired
    CallbackSignatures signatures;
    @Autowired
    Clock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SalesSync sales;

    /** The resource servers' acceptance of the token they take now, by neighbour. */
    static final Map<String, StubMapping> accepted = new java.util.HashMap<>();

    ProcessDriver driver;

    /**
     * The neighbours' world for the whole class: the token endpoint issues each client its tokens one after the other;
     * a resource server accepts the tokens {@link #accept accepted} and answers 401 to any other.
     */
    @BeforeAll
    static void tokenEndpointAndResourceServers() {
        NEIGHBOURS.stubFor(any(urlPathMatching("/sandbox/.*")).atPriority(10).willReturn(aResponse().withStatus(401)));
        issue(COMMERCE_CLIENT, COMMERCE_SECRET, "commerce-1", "commerce-2", "commerce-3");
        issue(RELTIO_CLIENT, RELTIO_SECRET, "reltio-1");
        issue(SALES_CLIENT, SALES_SECRET, "sales-1");
    }

    @BeforeEach
    void reltioWaitsForTheTest() {
        driver = new ProcessDriver(managementService, runtimeService);
        NEIGHBOURS.resetRequests();
        HttpResponse<String> behaviour = HttpCalls.postJson(url("/sandbox/reltio/behaviour"),
                "{\"early\":false,\"twice\":false,\"delay\":\"PT24H\"}", "Authorization", HttpCalls.basic("sara", "demo"));
        assertThat(behaviour.statusCode()).as(behaviour.body()).isEqualTo(200);
    }

    @AfterEach
    void clearAuthentication() {
        identityService.clearAuthentication();
    }

    @AfterAll
    static void stopNeighbours() {
        NEIGHBOURS.stop();
    }

    @Test
    @Order(1)
    void aCustomerValidatedThroughReltioHasEveryCallCarryItsNeighboursTokenFetchedOnce() {
        accepted.put("commerce", accept("commerce", "commerce-1"));
        accept("reltio", "reltio-1");
        accept("sales", "sales-1");

        HttpResponse<String> quote = HttpCalls.postJson(url("/api/v1/quotes"), germanQuote(), "X-Api-Key",
                "sandbox-checkout-key", "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(quote.statusCode()).as(quote.body()).isEqualTo(201);

        String orderRequestId = place("anna.schmidt", "DE-MVZ-NORD", "DE", "EUR", "SKU-CAP-200", 1, "45000.00");
        driver.drain(orderInstance(orderRequestId));
        ProcessInstance validation = validationOf(orderRequestId);
        complete(task(validation, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS),
                Map.of(ValidationProcess.Variables.DETAILS_CHANNEL, "enter"));
        complete(task(validation, ValidationProcess.Elements.SUBMIT_KYC_DATA), kyc());
        runJob(validation, ValidationProcess.Elements.REQUEST_VALIDATION);
        String requestId = validations.get(orderRequestId).getRequestId();
        assertThat(requestId).as("Reltio's answer to the request, through its resource server").isNotBlank();

        String result = "{\"requestId\":\"" + requestId + "\",\"status\":\"MATCH\",\"entityUri\":\"entities/oauth2-"
                + orderRequestId + "\"}";
        assertThat(HttpCalls.postJson(url("/api/v1/callbacks/reltio"), result, CallbackSignatures.HEADER,
                signatures.sign(result, clock.instant())).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            inbox.deliverDue();
            return inbox.received(requestId).orElseThrow().getStatus() == ReltioCallback.Status.CORRELATED;
        });
        driver.drain(orderInstance(orderRequestId));

        assertThat(orders.get(orderRequestId).getState()).isEqualTo(OrderState.RELEASED);
        NEIGHBOURS.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)).withBasicAuth(basicOf(COMMERCE_CLIENT, COMMERCE_SECRET)));
        NEIGHBOURS.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)).withBasicAuth(basicOf(RELTIO_CLIENT, RELTIO_SECRET)));
        assertThat(calls("/sandbox/commerce/")).extracting(this::describe).contains(
                        "GET /sandbox/commerce/customers/anna.schmidt Bearer commerce-1 200",
                        "POST /sandbox/commerce/orders Bearer commerce-1 201")
                .anySatisfy(call -> assertThat(call).matches("POST /sandbox/commerce/orders/.*/hold Bearer commerce-1 200"))
                .anySatisfy(call -> assertThat(call).matches("PUT /sandbox/commerce/orders/.*/customer-master Bearer commerce-1 200"))
                .anySatisfy(call -> assertThat(call).matches("POST /sandbox/commerce/orders/.*/release Bearer commerce-1 200"))
                .allSatisfy(call -> assertThat(call).matches(".* Bearer commerce-1 20[01]"));
        assertThat(calls("/sandbox/reltio/")).extracting(this::describe)
                .containsExactly("POST /sandbox/reltio/validation-requests Bearer reltio-1 202");

        // and the sales system hears of it all, through its own resource server
        while (sales.deliverDue(clock.instant()) > 0) {
            // a pass delivers the next event of each quote and order
        }
        NEIGHBOURS.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)).withBasicAuth(basicOf(SALES_CLIENT, SALES_SECRET)));
        assertThat(calls("/sandbox/sales/")).extracting(this::describe).isNotEmpty()
                .containsOnly("POST /sandbox/sales/events Bearer sales-1 204");
        HttpResponse<String> received = HttpCalls.get(url("/sandbox/sales.json?subject=" + orderRequestId),
                "Authorization", HttpCalls.basic("sara", "demo"));
        assertThat(received.body()).contains("\"orderflow.order.placed\"", "\"orderflow.validation.approved\"",
                "\"orderflow.order.released\"");
    }

    @Test
    @Order(2)
    void aTokenCommerceNoLongerAcceptsIsReplacedOnceAndTheOrderGoesThrough() {
        NEIGHBOURS.removeStubMapping(accepted.remove("commerce"));
        accepted.put("commerce", accept("commerce", "commerce-2"));

        String orderRequestId = place("emily.clark", "US-MERCY", "US", "USD", "SKU-CONS-100", 10, "120.00");
        driver.drain(orderInstance(orderRequestId));

        assertThat(orders.get(orderRequestId).getState()).isEqualTo(OrderState.RELEASED);
        NEIGHBOURS.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        assertThat(calls("/sandbox/commerce/")).extracting(this::describe).startsWith(
                "GET /sandbox/commerce/customers/emily.clark Bearer commerce-1 401",
                "GET /sandbox/commerce/customers/emily.clark Bearer commerce-2 200")
                .filteredOn(call -> call.endsWith(" 401")).hasSize(1);
    }

    @Test
    @Order(3)
    void aTokenEndpointThatIsDownFailsTheJobUntilAnIncidentAndNoSecretOrTokenIsKeptOrLogged(CapturedOutput output) {
        String orderRequestId = place("emily.clark", "US-MERCY", "US", "USD", "SKU-CONS-100", 10, "120.00");
        // commerce revokes the token and the token endpoint is down
        NEIGHBOURS.removeStubMapping(accepted.remove("commerce"));
        NEIGHBOURS.stubFor(post(TOKEN_PATH).atPriority(1).willReturn(aResponse().withStatus(503)));

        String instance = orderInstance(orderRequestId);
        while (createOrderJob(instance) == null) {
            managementService.executeJob(managementService.createJobQuery().processInstanceId(instance).singleResult().getId());
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Job job = createOrderJob(instance);
            assertThat(job.getRetries()).isEqualTo(3 - attempt);
            assertThatThrownBy(() -> managementService.executeJob(job.getId())).as("attempt " + (attempt + 1))
                    .hasStackTraceContaining("no access token from " + NEIGHBOURS.baseUrl() + TOKEN_PATH);
        }

        Incident incident = runtimeService.createIncidentQuery().processInstanceId(instance).singleResult();
        assertThat(incident).as("an incident for operators after the job's retries").isNotNull();
        assertThat(incident.getActivityId()).isEqualTo(OrderProcess.Elements.CREATE_COMMERCE_ORDER);
        assertThat(managementService.getJobExceptionStacktrace(createOrderJob(instance).getId())).as("for the operator")
                .contains("OutboundAuthenticationException: commerce: no access token from " + NEIGHBOURS.baseUrl() + TOKEN_PATH);
        assertThat(calls("/sandbox/commerce/orders")).extracting(this::describe).as("one try with the revoked token each")
                .containsOnly("POST /sandbox/commerce/orders Bearer commerce-2 401");

        List<String> secrets = List.of(COMMERCE_SECRET, RELTIO_SECRET, SALES_SECRET, "commerce-1", "commerce-2",
                "reltio-1", "sales-1");
        String kept = String.join("\n", managementService.getJobExceptionStacktrace(createOrderJob(instance).getId()),
                historyService.createHistoricVariableInstanceQuery().list().stream()
                        .map(HistoricVariableInstance::getValue).map(String::valueOf).reduce("", String::concat),
                String.join("\n", jdbc.queryForList("select bytes_ from act_ge_bytearray where bytes_ is not null", byte[].class)
                        .stream().map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)).toList()));
        assertThat(kept).contains("no access token from");
        assertThat(secrets).allSatisfy(secret -> {
            assertThat(kept).doesNotContain(secret);
            assertThat(output.getAll()).doesNotContain(secret);
        });
    }

    // --- neighbours -------------------------------------------------------------------------------------------------

    /** The token endpoint issues these tokens to the client, one after the other (the last again and again). */
    private static void issue(String clientId, String secret, String... tokens) {
        String state = Scenario.STARTED;
        for (int i = 0; i < tokens.length; i++) {
            String next = i + 1 < tokens.length ? clientId + " " + (i + 1) : state;
            NEIGHBOURS.stubFor(post(TOKEN_PATH).inScenario(clientId).whenScenarioStateIs(state)
                    .withBasicAuth(clientId, secret)
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("grant_type=client_credentials"))
                    .willReturn(okJson("{\"access_token\":\"" + tokens[i] + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"))
                    .willSetStateTo(next));
            state = next;
        }
    }

    /** The neighbour's resource server lets calls with this token through to the sandbox's simulator. */
    private static StubMapping accept(String neighbour, String token) {
        return NEIGHBOURS.stubFor(any(urlPathMatching("/sandbox/" + neighbour + "/.*")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().proxiedFrom("http://localhost:" + PORT)
                        .withRemoveRequestHeader("Authorization")
                        .withAdditionalRequestHeader("Authorization", HttpCalls.basic("sara", "demo"))));
    }

    private List<ServeEvent> calls(String pathPrefix) {
        return NEIGHBOURS.getAllServeEvents().stream().filter(event -> event.getRequest().getUrl().startsWith(pathPrefix))
                .sorted(java.util.Comparator.comparing(event -> event.getRequest().getLoggedDate())).toList();
    }

    private String describe(ServeEvent call) {
        return call.getRequest().getMethod() + " " + call.getRequest().getUrl() + " "
                + call.getRequest().getHeader("Authorization") + " " + call.getResponse().getStatus();
    }

    private static com.github.tomakehurst.wiremock.client.BasicCredentials basicOf(String user, String password) {
        return new com.github.tomakehurst.wiremock.client.BasicCredentials(user, password);
    }

    // --- the application's side -----------------------------------------------------------------------------------

    private String place(String customer, String unit, String country, String currency, String sku, int quantity,
            String price) {
        String orderRequestId = orders.place(new PlaceOrderRequest("cart-" + UUID.randomUUID(), customer, unit, country,
                currency, List.of(new PlaceOrderRequest.Item(sku, quantity, new BigDecimal(price))), null),
                UUID.randomUUID().toString()).order().getId();
        return orderRequestId;
    }

    private String orderInstance(String orderRequestId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY)
                .processInstanceBusinessKey(orderRequestId).singleResult().getId();
    }

    private Job createOrderJob(String instance) {
        return managementService.createJobQuery().processInstanceId(instance)
                .activityId(OrderProcess.Elements.CREATE_COMMERCE_ORDER).singleResult();
    }

    private ProcessInstance validationOf(String orderRequestId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(ValidationProcess.KEY)
                .processInstanceBusinessKey(orders.get(orderRequestId).getCommerceOrderCode()).singleResult();
    }

    private Task task(ProcessInstance instance, String key) {
        return taskService.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
    }

    private void complete(Task task, Map<String, Object> form) {
        identityService.setAuthentication("bob", List.of(Groups.BACKOFFICE));
        try {
            taskService.complete(task.getId(), form);
        } finally {
            identityService.clearAuthentication();
        }
    }

    private void runJob(ProcessInstance instance, String activityId) {
        Job job = managementService.createJobQuery().processInstanceId(instance.getId()).activityId(activityId).singleResult();
        managementService.executeJob(job.getId());
    }

    private static Map<String, Object> kyc() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("legalName", "MVZ Nord");
        form.put("taxId", "DE" + String.format("%08d", (int) (Math.random() * 100_000_000)) + "0");
        form.put("licenceNumber", "BY-MP-4712");
        form.put("addressLine1", "Ismaninger Straße 22");
        form.put("city", "München");
        form.put("postalCode", "81675");
        form.put("region", "DE-BY");
        form.put("country", "DE");
        return form;
    }

    private static String germanQuote() {
        return """
                {"cartId":"cart-%s","customerId":"anna.schmidt","b2bUnitId":"DE-UNIKLINIK","country":"DE","locale":"de-DE",
                 "currency":"EUR","items":[{"sku":"SKU-CAP-200","quantity":1,"unitPrice":45000.00}],
                 "requestedDiscountPercent":10}""".formatted(UUID.randomUUID());
    }

    private String url(String path) {
        return "http://localhost:" + PORT + path;
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        return server;
    }

}
