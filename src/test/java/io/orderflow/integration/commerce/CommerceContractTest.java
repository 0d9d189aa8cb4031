package io.orderflow.integration.commerce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.orderflow.integration.OutboundCredentials;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.connect.Connectors;
import org.camunda.connect.spi.Connector;
import org.camunda.connect.spi.ConnectorRequest;
import org.camunda.connect.spi.ConnectorResponse;
import io.orderflow.Contracts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * The commerce contract over real HTTP: requests built by {@link CommerceRequests} and sent by Camunda Connect's
 * {@code http-connector} exactly as the BPMN sends them, answers read by {@link CommerceResponses}, reads by
 * {@link CommerceClient}; commerce is WireMock.
 */
class CommerceContractTest {

    static WireMockServer commerce;

    static final String ORDER_REQUEST_ID = "OR-CONTRACT1";
    static final CommerceOrderRequest ORDER = new CommerceOrderRequest(ORDER_REQUEST_ID, "anna.schmidt", "DE-UNIKLINIK",
            "EUR", "Q-CONTRACT", List.of(new CommerceOrderRequest.Line("SKU-CAP-200", 2, new BigDecimal("36900.00"))));

    final ObjectMapper json = new ObjectMapper();
    CommerceRequests requests;
    CommerceResponses responses;
    CommerceClient client;

    @BeforeAll
    static void startCommerce() {
        commerce = new WireMockServer(wireMockConfig().dynamicPort());
        commerce.start();
    }

    /** Whatever a test made the application send, it sent as the document in docs/contracts describes it. */
    @AfterEach
    void everyRequestFollowsTheContract() {
        assertThat(commerce.getAllServeEvents()).allSatisfy(call -> {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            call.getRequest().getHeaders().all().forEach(header -> headers.put(header.key(), header.firstValue()));
            Contracts.COMMERCE.assertRequest(call.getRequest().getMethod().getName(), call.getRequest().getUrl(), headers,
                    call.getRequest().getBodyAsString().isEmpty() ? null : call.getRequest().getBodyAsString());
        });
    }

    @AfterAll
    static void stopCommerce() {
        commerce.stop();
    }

    @BeforeEach
    void setUp() {
        commerce.resetAll();
        // generous: a loaded machine must not turn a normal answer into a timeout
        CommerceProperties properties = new CommerceProperties(commerce.baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(5), null);
        requests = new CommerceRequests(properties, id -> ORDER, json);
        responses = new CommerceResponses(json);
        client = new CommerceClient(RestClient.builder(), properties, new OutboundCredentials("commerce",
                properties.baseUrl(), properties.auth(), properties.connectTimeout(), properties.readTimeout(), Clock.systemUTC()));
    }

    @Test
    void createOrderPostsTheOrderWithItsRequestIdAsIdempotencyKey() {
        commerce.stubFor(post("/orders").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"orderCode\":\"CO-1\",\"status\":\"CREATED\"}")));

        ConnectorResponse response = send(requests.createOrderUrl(), requests.createOrderPayload(ORDER_REQUEST_ID));

        assertThat(responses.orderCode(ORDER_REQUEST_ID, status(response), body(response))).isEqualTo("CO-1");
        commerce.verify(1, postRequestedFor(urlEqualTo("/orders"))
                .withHeader("Idempotency-Key", equalTo(ORDER_REQUEST_ID))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"orderRequestId":"OR-CONTRACT1","customerId":"anna.schmidt","b2bUnitId":"DE-UNIKLINIK",
                         "currency":"EUR","quoteCode":"Q-CONTRACT",
                         "lines":[{"sku":"SKU-CAP-200","quantity":2,"unitPrice":36900.00}]}""")));
    }

    @Test
    void retryAfterATimeoutSendsTheSameIdempotencyKeySoCommerceCreatesOneOrder() {
        requests = new CommerceRequests(new CommerceProperties(commerce.baseUrl(), Duration.ofSeconds(5),
                Duration.ofMillis(500), null), id -> ORDER, json);
        commerce.stubFor(post("/orders").inScenario("slow first").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"orderCode\":\"CO-2\",\"status\":\"CREATED\"}").withFixedDelay(3000))
                .willSetStateTo("answered"));
        commerce.stubFor(post("/orders").inScenario("slow first").whenScenarioStateIs("answered")
                .willReturn(okJson("{\"orderCode\":\"CO-2\",\"status\":\"CREATED\"}")));

        assertThatThrownBy(() -> send(requests.createOrderUrl(), requests.createOrderPayload(ORDER_REQUEST_ID)))
                .as("the first call times out: a technical failure the job retries")
                .isInstanceOf(RuntimeException.class);
        ConnectorResponse retry = send(requests.createOrderUrl(), requests.createOrderPayload(ORDER_REQUEST_ID));

        assertThat(responses.orderCode(ORDER_REQUEST_ID, status(retry), body(retry))).isEqualTo("CO-2");
        assertThat(commerce.findAll(postRequestedFor(urlEqualTo("/orders"))))
                .hasSize(2)
                .allSatisfy(request -> assertThat(request.getHeader("Idempotency-Key")).isEqualTo(ORDER_REQUEST_ID));
    }

    @Test
    void withoutConfiguredCredentialsNoAuthorizationIsSent() {
        stubOrderAndCustomer();

        send(requests.createOrderUrl(), requests.createOrderPayload(ORDER_REQUEST_ID));
        client.customer("anna.schmidt");

        commerce.verify(postRequestedFor(urlEqualTo("/orders")).withHeader("Authorization", absent()));
        commerce.verify(getRequestedFor(urlEqualTo("/customers/anna.schmidt")).withHeader("Authorization", absent()));
    }

    private static void stubOrderAndCustomer() {
        commerce.stubFor(post("/orders").willReturn(okJson("{\"orderCode\":\"CO-1\",\"status\":\"CREATED\"}")));
        commerce.stubFor(get("/customers/anna.schmidt").willReturn(okJson(
                "{\"id\":\"anna.schmidt\",\"b2bUnitIds\":[\"DE-UNIKLINIK\"],\"validationStatus\":\"UNVALIDATED\"}")));
    }

    @Test
    void clientErrorIsTheBusinessErrorTheModelRoutes() {
        commerce.stubFor(post("/orders").willReturn(aResponse().withStatus(422).withBody("{\"error\":\"unit blocked\"}")));

        ConnectorResponse response = send(requests.createOrderUrl(), requests.createOrderPayload(ORDER_REQUEST_ID));

        assertThatThrownBy(() -> responses.orderCode(ORDER_REQUEST_ID, status(response), body(response)))
                .isInstanceOfSatisfying(BpmnError.class, error -> {
                    assertThat(error.getErrorCode()).isEqualTo(CommerceResponses.REJECTED);
                    assertThat(error.getMessage()).contains("422", "unit blocked");
                });
    }

    @Test
    void serverErrorIsATechnicalFailureToRetry() {
        commerce.stubFor(post("/orders").willReturn(aResponse().withStatus(503)));

        ConnectorResponse response = send(requests.createOrderUrl(), requests.createOrderPayload(ORDER_REQUEST_ID));

        assertThatThrownBy(() -> responses.orderCode(ORDER_REQUEST_ID, status(response), body(response)))
                .isInstanceOf(CommerceUnavailableException.class).hasMessageContaining("503");
    }

    @Test
    void successWithoutAnOrderCodeIsNotTakenForAnOrder() {
        commerce.stubFor(post("/orders").willReturn(okJson("{\"status\":\"CREATED\"}")));

        ConnectorResponse response = send(requests.createOrderUrl(), requests.createOrderPayload(ORDER_REQUEST_ID));

        assertThatThrownBy(() -> responses.orderCode(ORDER_REQUEST_ID, status(response), body(response)))
                .isInstanceOf(CommerceUnavailableException.class).hasMessageContaining("orderCode");
    }

    @Test
    void holdReleaseAndCancelPostToTheOrderWithTheIdempotencyKey() {
        for (String action : List.of("hold", "release", "cancel")) {
            commerce.stubFor(post("/orders/CO%2F7/" + action)
                    .willReturn(okJson("{\"orderCode\":\"CO/7\",\"status\":\"" + action.toUpperCase() + "\"}")));

            ConnectorResponse response = send(requests.orderActionUrl("CO/7", action), requests.emptyPayload());

            assertThat(responses.status(ORDER_REQUEST_ID, status(response), body(response))).isEqualTo(action.toUpperCase());
            commerce.verify(postRequestedFor(urlEqualTo("/orders/CO%2F7/" + action))
                    .withHeader("Idempotency-Key", equalTo(ORDER_REQUEST_ID)));
        }
        assertThatThrownBy(() -> requests.orderActionUrl("CO-7", "delete")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customerIsReadWithUnitsAndValidationStatus() {
        commerce.stubFor(get("/customers/anna.schmidt").willReturn(okJson("""
                {"id":"anna.schmidt","email":"anna@example.org","name":"Dr. Anna Schmidt","locale":"de",
                 "b2bUnitIds":["DE-UNIKLINIK","DE-MVZ-NORD"],"validationStatus":"UNVALIDATED"}""")));

        CommerceCustomer customer = client.customer("anna.schmidt");

        assertThat(customer.validationStatus()).isEqualTo("UNVALIDATED");
        assertThat(customer.belongsTo("DE-MVZ-NORD")).isTrue();
        assertThat(customer.belongsTo("US-MERCY")).isFalse();
    }

    @Test
    void unknownCustomerIsABusinessFactNotAFailure() {
        commerce.stubFor(get("/customers/nobody").willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> client.customer("nobody")).isInstanceOf(UnknownCommerceRecordException.class)
                .hasMessageContaining("nobody");
    }

    private ConnectorResponse send(String url, String payload) {
        Connector<ConnectorRequest<ConnectorResponse>> http = Connectors.getConnector("http-connector");
        ConnectorRequest<ConnectorResponse> request = http.createRequest();
        request.setRequestParameters(Map.of("url", url, "method", "POST", "headers", requests.headers(ORDER_REQUEST_ID),
                "payload", payload, "request-config", requests.requestConfig()));
        return request.execute();
    }

    private static int status(ConnectorResponse response) {
        return response.getResponseParameter("statusCode");
    }

    private static String body(ConnectorResponse response) {
        return response.getResponseParameter("response");
    }
}
