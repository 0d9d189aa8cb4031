package io.orderflow.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.camunda.connect.Connectors;
import org.camunda.connect.spi.Connector;
import org.camunda.connect.spi.ConnectorRequest;
import org.camunda.connect.spi.ConnectorResponse;
import io.orderflow.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * How the application authenticates to a neighbour, over real HTTP: WireMock is both the neighbour and its OAuth 2.0
 * token endpoint. Calls go out as the application makes them: the models' through Camunda Connect's
 * {@code http-connector} (with {@link ConnectAuthentication}), the application's own reads through a
 * {@link RestClient} with the neighbour's interceptor.
 */
class OutboundAuthenticationTest {

    static final String SECRET = "client-s3cret-never-shown";
    static final String TOKEN_PATH = "/oauth/token";

    static WireMockServer server;

    final MovableClock clock = new MovableClock(Instant.now());
    OutboundCredentials credentials;
    ConnectAuthentication connect;
    RestClient client;

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
        server.stubFor(get("/customers/anna").willReturn(okJson("{\"id\":\"anna\"}")));
        server.stubFor(post("/orders").willReturn(okJson("{\"orderCode\":\"CO-1\"}")));
    }

    @AfterEach
    void unregister() {
        if (connect != null) {
            connect.destroy();
        }
    }

    private void neighbourWith(OutboundAuth auth) {
        credentials = new OutboundCredentials("commerce", server.baseUrl(), auth, Duration.ofSeconds(5),
                Duration.ofSeconds(5), clock);
        connect = new ConnectAuthentication(List.of(credentials));
        connect.afterPropertiesSet();
        client = RestClient.builder().baseUrl(server.baseUrl()).requestInterceptor(credentials.interceptor()).build();
    }

    private static OutboundAuth oauth2() {
        return OutboundAuth.oauth2(server.baseUrl() + TOKEN_PATH, "orderflow-app", SECRET, "orders customers");
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

    @Test
    void oneTokenServesManyCallsOfBothKinds() {
        tokens("t1");
        neighbourWith(oauth2());

        for (int i = 0; i < 5; i++) {
            client.get().uri("/customers/anna").retrieve().body(String.class);
            assertThat(postOrder().getResponseParameter("statusCode").equals(200)).isTrue();
        }

        server.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo(basic("orderflow-app", SECRET)))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("scope=orders+customers")));
        server.verify(5, getRequestedFor(urlEqualTo("/customers/anna")).withHeader("Authorization", equalTo("Bearer t1")));
        server.verify(5, postRequestedFor(urlEqualTo("/orders")).withHeader("Authorization", equalTo("Bearer t1")));
    }

    @Test
    void theTokenIsFetchedAgainShortlyBeforeItExpires() {
        tokens("t1", "t2");
        neighbourWith(oauth2());

        client.get().uri("/customers/anna").retrieve().body(String.class);
        clock.move(Duration.ofSeconds(239)); // expires in 300 s, renewed 60 s before
        client.get().uri("/customers/anna").retrieve().body(String.class);
        server.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));

        clock.move(Duration.ofSeconds(2));
        client.get().uri("/customers/anna").retrieve().body(String.class);

        server.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        server.verify(1, getRequestedFor(urlEqualTo("/customers/anna")).withHeader("Authorization", equalTo("Bearer t2")));
    }

    @Test
    void aTokenTheNeighbourRefusesIsReplacedAndTheCallTriedOnceMore() {
        tokens("revoked", "t2", "t3");
        server.stubFor(get("/customers/anna").withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401)));
        server.stubFor(post("/orders").withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401)));
        neighbourWith(oauth2());

        assertThat(client.get().uri("/customers/anna").retrieve().body(String.class)).contains("anna");
        ConnectorResponse order = postOrder();

        assertThat((Integer) order.getResponseParameter("statusCode")).isEqualTo(200);
        server.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        server.verify(1, getRequestedFor(urlEqualTo("/customers/anna")).withHeader("Authorization", equalTo("Bearer revoked")));
        server.verify(1, getRequestedFor(urlEqualTo("/customers/anna")).withHeader("Authorization", equalTo("Bearer t2")));
        server.verify(postRequestedFor(urlEqualTo("/orders")).withHeader("Authorization", equalTo("Bearer t2"))
                .withRequestBody(equalTo("{\"id\":1}")));
    }

    @Test
    void credentialsRefusedTwiceAreATechnicalFailureNotARefusal() {
        tokens("t1", "t2", "t3");
        server.stubFor(post("/orders").willReturn(aResponse().withStatus(401)));
        server.stubFor(get("/customers/anna").willReturn(aResponse().withStatus(401)));
        neighbourWith(oauth2());

        assertThatThrownBy(this::postOrder)
                .hasRootCauseInstanceOf(OutboundAuthenticationException.class)
                .rootCause().hasMessageContaining("commerce refused the application's credentials (oauth2) with 401");
        server.verify(2, postRequestedFor(urlEqualTo("/orders")));
        assertThatThrownBy(() -> client.get().uri("/customers/anna").retrieve().body(String.class))
                .isInstanceOf(ResourceAccessException.class)
                .hasRootCauseInstanceOf(OutboundAuthenticationException.class);
        server.verify(2, getRequestedFor(urlEqualTo("/customers/anna")));
    }

    @Test
    void aTokenEndpointThatIsDownFailsTheCallWithoutReachingTheNeighbourOrShowingTheSecret() {
        server.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(503)));
        neighbourWith(oauth2());

        assertThatThrownBy(this::postOrder)
                .satisfies(failure -> assertThat(messages(failure)).contains(OutboundAuthenticationException.class.getName()
                        + ": commerce: no access token from " + server.baseUrl() + TOKEN_PATH).doesNotContain(SECRET));
        assertThatThrownBy(() -> client.get().uri("/customers/anna").retrieve().body(String.class))
                .satisfies(failure -> assertThat(messages(failure)).doesNotContain(SECRET));
        server.verify(0, postRequestedFor(urlEqualTo("/orders")));
        server.verify(0, getRequestedFor(urlEqualTo("/customers/anna")));
    }

    @Test
    void anApiKeyHeaderAndBasicCredentialsGoWithEveryCall() {
        neighbourWith(OutboundAuth.apiKey("X-Api-Key", "key-123"));
        client.get().uri("/customers/anna").retrieve().body(String.class);
        postOrder();
        server.verify(getRequestedFor(urlEqualTo("/customers/anna")).withHeader("X-Api-Key", equalTo("key-123")));
        server.verify(postRequestedFor(urlEqualTo("/orders")).withHeader("X-Api-Key", equalTo("key-123"))
                .withHeader("Authorization", absent()));
        connect.destroy();

        neighbourWith(OutboundAuth.basic("integration", "s3cret"));
        client.get().uri("/customers/anna").retrieve().body(String.class);
        postOrder();
        server.verify(getRequestedFor(urlEqualTo("/customers/anna"))
                .withHeader("Authorization", equalTo(basic("integration", "s3cret"))));
        server.verify(postRequestedFor(urlEqualTo("/orders")).withHeader("Authorization", equalTo(basic("integration", "s3cret"))));
    }

    @Test
    void callsToOtherHostsAndWithoutCredentialsCarryNone() {
        neighbourWith(OutboundAuth.NONE);
        client.get().uri("/customers/anna").retrieve().body(String.class);
        postOrder();
        server.verify(getRequestedFor(urlEqualTo("/customers/anna")).withHeader("Authorization", absent()));
        server.verify(postRequestedFor(urlEqualTo("/orders")).withHeader("Authorization", absent()));
        connect.destroy();

        // another neighbour, and one whose base URL only starts like this server's address
        credentials = new OutboundCredentials("reltio", server.baseUrl().substring(0, server.baseUrl().length() - 1),
                OutboundAuth.basic("integration", "s3cret"), Duration.ofSeconds(5), Duration.ofSeconds(5), clock);
        connect = new ConnectAuthentication(List.of(credentials));
        connect.afterPropertiesSet();
        postOrder();
        server.verify(2, postRequestedFor(urlEqualTo("/orders")).withHeader("Authorization", absent()));
    }

    @Test
    void configurationShowsNoSecret() {
        assertThat(oauth2().toString()).doesNotContain(SECRET).contains("orderflow-app");
        assertThat(OutboundAuth.basic("integration", "s3cret").toString()).doesNotContain("s3cret");
        assertThat(OutboundAuth.apiKey("X-Api-Key", "key-123").toString()).doesNotContain("key-123");
        assertThatThrownBy(() -> new OutboundAuth(OutboundAuth.Type.OAUTH2, null, null, null, null, null, "id", SECRET,
                null, null)).hasMessageContaining("token-uri").hasMessageNotContaining(SECRET);
    }

    private ConnectorResponse postOrder() {
        Connector<ConnectorRequest<ConnectorResponse>> http = Connectors.getConnector("http-connector");
        ConnectorRequest<ConnectorResponse> request = http.createRequest();
        request.setRequestParameters(Map.of("url", server.baseUrl() + "/orders", "method", "POST",
                "headers", Map.of("Content-Type", "application/json"), "payload", "{\"id\":1}"));
        return request.execute();
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause).append('\n');
        }
        return all.toString();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
