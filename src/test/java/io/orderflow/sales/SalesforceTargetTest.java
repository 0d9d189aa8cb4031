package io.orderflow.sales;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.orderflow.Contracts;
import io.orderflow.integration.OutboundAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The Salesforce target over real HTTP, wired as the application wires it ({@link SalesTargets}, with its timeouts and
 * credentials): WireMock is the org's REST API and its OAuth 2.0 token endpoint. Each event is an upsert by external
 * id of the record its kind maps to, with exactly the mapped fields.
 */
class SalesforceTargetTest {

    static final String TOKEN_PATH = "/services/oauth2/token";
    static final String QUOTE_URL = "/services/data/v61.0/sobjects/Opportunity/Orderflow_Quote_Code__c/Q-12345678";
    static final String CLIENT_SECRET = "salesforce-client-s3cret-never-shown";

    static WireMockServer server;

    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        server.stubFor(patch(urlPathMatching("/services/data/v61\\.0/sobjects/.*")).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void aQuoteEventUpsertsItsOpportunityWithExactlyTheMappedFields() throws Exception {
        SalesforceTarget target = target(OutboundAuth.NONE);

        target.deliver(quote("{\"code\":\"Q-12345678\",\"state\":\"OFFERED\",\"netValue\":1234.5,\"currency\":\"EUR\"}"));

        LoggedRequest received = single(patchRequestedFor(urlEqualTo(QUOTE_URL)));
        assertThat(MediaType.parseMediaType(received.getHeader("Content-Type")).isCompatibleWith(MediaType.APPLICATION_JSON))
                .isTrue();
        JsonNode fields = json.readTree(received.getBodyAsString());
        assertThat(fields).isEqualTo(json.readTree("{\"StageName__c\":\"OFFERED\",\"Amount\":1234.5,"
                + "\"Orderflow_Last_Event__c\":\"orderflow.quote.offered\","
                + "\"Orderflow_Last_Event_At__c\":\"2026-03-02T09:15:00Z\"}"));
        assertThat(fields.get("Amount").isNumber()).isTrue();
        assertThat(fields.has("Orderflow_Country__c")).as("country, which the event lacks").isFalse();
        assertThat(received.containsHeader("Authorization")).isFalse();
        Contracts.SALES.assertRequest("PATCH", received.getUrl(), Map.of("Content-Type",
                received.getHeader("Content-Type")), received.getBodyAsString());
    }

    @Test
    void createdAndUpdatedAreBothSuccess() throws Exception {
        SalesforceTarget target = target(OutboundAuth.NONE);

        server.stubFor(patch(urlEqualTo(QUOTE_URL))
                .willReturn(okJson("{\"id\":\"006000000000001AAA\",\"success\":true,\"errors\":[],\"created\":true}")
                        .withStatus(201)));
        target.deliver(quote("{\"state\":\"DRAFT\"}"));
        server.stubFor(patch(urlEqualTo(QUOTE_URL)).willReturn(aResponse().withStatus(204)));
        target.deliver(quote("{\"state\":\"OFFERED\"}"));

        server.verify(2, patchRequestedFor(urlEqualTo(QUOTE_URL)));
    }

    @Test
    void aValidationEventSendsItsRegionAsTheStateCodeWithoutTheCountry() throws Exception {
        SalesforceTarget target = target(OutboundAuth.NONE);

        target.deliver(validation("OR-1001",
                "{\"orderRequestId\":\"OR-1001\",\"region\":\"DE-BY\",\"country\":\"DE\",\"resultStatus\":\"PASSED\"}"));

        LoggedRequest received = single(patchRequestedFor(
                urlEqualTo("/services/data/v61.0/sobjects/Orderflow_Validation__c/Order_Request_Id__c/OR-1001")));
        assertThat(json.readTree(received.getBodyAsString())).isEqualTo(json.readTree(
                "{\"BillingStateCode__c\":\"BY\",\"BillingCountryCode__c\":\"DE\",\"Result__c\":\"PASSED\"}"));
    }

    @Test
    void aRegionThatIsNoIsoSubdivisionCodeFailsTheAttemptNamingIt() throws Exception {
        SalesforceTarget target = target(OutboundAuth.NONE);

        assertThatThrownBy(() -> target.deliver(validation("OR-1001",
                "{\"region\":\"Bavaria\",\"country\":\"DE\",\"resultStatus\":\"PASSED\"}")))
                .hasMessageContaining("Bavaria");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void onlyKindsWithARecordAreAccepted() {
        SalesforceTarget target = target(OutboundAuth.NONE);

        assertThat(target.accepts("quote")).isTrue();
        assertThat(target.accepts("validation")).isTrue();
        assertThat(target.accepts("order")).isFalse();
    }

    @Test
    void theBusinessKeyIsEncodedInThePath() throws Exception {
        SalesforceTarget target = target(OutboundAuth.NONE);

        target.deliver(validation("OR-a b/c", "{\"resultStatus\":\"PASSED\"}"));

        List<LoggedRequest> received = server.findAll(patchRequestedFor(anyUrl()));
        assertThat(received).extracting(LoggedRequest::getUrl).containsExactly(
                "/services/data/v61.0/sobjects/Orderflow_Validation__c/Order_Request_Id__c/OR-a%20b%2Fc");
    }

    @Test
    void oneOAuthTokenServesManyUpsertsAsBearer() throws Exception {
        tokens("t1");
        SalesforceTarget target = target(oauth2());

        target.deliver(quote("{\"state\":\"DRAFT\"}"));
        target.deliver(quote("{\"state\":\"OFFERED\"}"));
        target.deliver(validation("OR-1001", "{\"resultStatus\":\"PASSED\"}"));

        server.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        server.verify(3, patchRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer t1")));
    }

    @Test
    void anErrorAnswerFailsTheAttempt() throws Exception {
        tokens("t1");
        server.stubFor(patch(urlEqualTo(QUOTE_URL)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"Amount: value not of required type: abc\",\"errorCode\":\"INVALID_TYPE_ON_FIELD_IN_RECORD\","
                        + "\"fields\":[\"Amount\"]}]")));
        SalesforceTarget target = target(oauth2());

        assertThatThrownBy(() -> target.deliver(quote("{\"state\":\"OFFERED\"}")))
                .isInstanceOfSatisfying(RestClientResponseException.class, failure -> {
                    assertThat(failure.getStatusCode().value()).isEqualTo(400);
                    assertThat(failure.getResponseBodyAsString()).contains("INVALID_TYPE_ON_FIELD_IN_RECORD");
                });
        server.verify(1, patchRequestedFor(urlEqualTo(QUOTE_URL)));
    }

    private static SalesforceTarget target(OutboundAuth auth) {
        SalesProperties.Salesforce salesforce = new SalesProperties.Salesforce(server.baseUrl(), "v61.0", Map.of(
                "quote", new SalesProperties.SalesforceRecord("Opportunity", "Orderflow_Quote_Code__c", Map.of(
                        "state", "StageName__c",
                        "netValue", "Amount",
                        "country", "Orderflow_Country__c",
                        "eventType", "Orderflow_Last_Event__c",
                        "eventTime", "Orderflow_Last_Event_At__c")),
                "validation", new SalesProperties.SalesforceRecord("Orderflow_Validation__c", "Order_Request_Id__c", Map.of(
                        "region", "BillingStateCode__c",
                        "country", "BillingCountryCode__c",
                        "resultStatus", "Result__c"))));
        SalesProperties properties = new SalesProperties(SalesProperties.Target.SALESFORCE, "urn:orderflow:test",
                Duration.ofSeconds(2), Duration.ofSeconds(5), auth, null, salesforce, null);
        SalesTarget target = new SalesTargets().salesTarget(properties, RestClient.builder());
        assertThat(target).isInstanceOf(SalesforceTarget.class);
        return (SalesforceTarget) target;
    }

    private SalesEvent quote(String data) throws Exception {
        return event("orderflow.quote.offered", "Q-12345678", data);
    }

    private SalesEvent validation(String orderRequestId, String data) throws Exception {
        return event("orderflow.validation.result-received", orderRequestId, data);
    }

    /** An event whose body is beside the point here: the target sends its data, mapped. */
    private SalesEvent event(String type, String businessKey, String data) throws Exception {
        String id = UUID.randomUUID().toString();
        String body = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"subject\":"
                + json.writeValueAsString(businessKey) + ",\"time\":\"2026-03-02T09:15:00Z\",\"data\":" + data + "}";
        return new SalesEvent(id, type, businessKey, Instant.parse("2026-03-02T09:15:00Z"), body, json.readTree(data));
    }

    private static LoggedRequest single(RequestPatternBuilder pattern) {
        List<LoggedRequest> received = server.findAll(pattern);
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    private static OutboundAuth oauth2() {
        return OutboundAuth.oauth2(server.baseUrl() + TOKEN_PATH, "orderflow-sales", CLIENT_SECRET, "api");
    }

    private static void tokens(String... values) {
        String state = Scenario.STARTED;
        for (int i = 0; i < values.length; i++) {
            String next = i + 1 < values.length ? "token " + (i + 1) : state;
            server.stubFor(post(TOKEN_PATH).inScenario("tokens").whenScenarioStateIs(state)
                    .willReturn(okJson("{\"access_token\":\"" + values[i] + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"))
                    .willSetStateTo(next));
            state = next;
        }
    }
}
