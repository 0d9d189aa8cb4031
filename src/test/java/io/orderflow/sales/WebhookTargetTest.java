package io.orderflow.sales;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.orderflow.integration.OutboundAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The webhook target over real HTTP, wired as the application wires it ({@link SalesTargets}, with its timeouts and
 * credentials): WireMock is the receiver and its OAuth 2.0 token endpoint. What the receiver gets is checked as a
 * Standard Webhooks receiver checks it, the signature computed here with {@link Mac} over the bytes that arrived.
 */
class WebhookTargetTest {

    static final String PATH = "/hooks/orderflow";
    static final String TOKEN_PATH = "/oauth/token";
    static final String SECRET = "whsec_b3JkZXJmbG93LXdlYmhvb2stdGVzdC1rZXktMzJieXQ=";
    static final String CLIENT_SECRET = "sales-client-s3cret-never-shown";

    static final String ID = "5f0c3a9e-8d1b-4c61-9a57-2b1d7e0f4c11";
    static final String BODY = "{\"specversion\":\"1.0\",\"id\":\"" + ID + "\",\"source\":\"urn:orderflow:test\","
            + "\"type\":\"orderflow.quote.offered\",\"subject\":\"Q-12345678\",\"time\":\"2026-03-02T09:15:00Z\","
            + "\"datacontenttype\":\"application/json\",\"data\":{\"code\":\"Q-12345678\",\"state\":\"OFFERED\","
            + "\"customer\":\"Universitätsklinikum Würzburg\",\"netValue\":1234.5}}";

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
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void anEventIsPostedAsStoredAndSignedPerStandardWebhooks() throws Exception {
        long before = Instant.now().getEpochSecond();
        target(OutboundAuth.NONE).deliver(event(ID, BODY));
        long after = Instant.now().getEpochSecond();

        LoggedRequest received = single();
        MediaType contentType = MediaType.parseMediaType(received.getHeader("Content-Type"));
        assertThat(contentType.getType() + "/" + contentType.getSubtype()).isEqualTo("application/cloudevents+json");
        assertThat(contentType.getCharset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(received.getBody()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(received.getBody(), StandardCharsets.UTF_8)).contains("Universitätsklinikum");
        assertThat(received.getHeader("webhook-id")).isEqualTo(ID);
        assertThat(Long.parseLong(received.getHeader("webhook-timestamp"))).isBetween(before, after);
        assertThat(received.getHeader("webhook-signature")).isEqualTo(signature(received));
        assertThat(received.containsHeader("Authorization")).isFalse();
    }

    /** A delivery starts no thread of its own: it is sent, and its answer read, on the calling thread. */
    @Test
    void deliveriesOneAfterTheOtherStartNoThreadEach() throws Exception {
        WebhookTarget target = target(OutboundAuth.NONE);
        SalesEvent event = event(ID, BODY);
        target.deliver(event);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = threads.getTotalStartedThreadCount();

        for (int i = 0; i < 50; i++) {
            target.deliver(event);
        }

        assertThat(threads.getTotalStartedThreadCount() - started).as("threads started for 50 deliveries")
                .isLessThan(10);
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(51);
    }

    @Test
    void everyAttemptOfAnEventCarriesItsIdAndBodySoTheReceiverDeduplicates() throws Exception {
        WebhookTarget target = target(OutboundAuth.NONE);
        SalesEvent event = event(ID, BODY);

        target.deliver(event);
        target.deliver(event);

        List<LoggedRequest> received = server.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(received).hasSize(2);
        assertThat(received).extracting(request -> request.getHeader("webhook-id")).containsExactly(ID, ID);
        assertThat(received.get(1).getBody()).isEqualTo(received.get(0).getBody()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
        for (LoggedRequest request : received) {
            assertThat(request.getHeader("webhook-signature")).isEqualTo(signature(request));
        }
    }

    @Test
    void anyAnswerButTwoHundredSomethingIsAFailedAttempt() throws Exception {
        WebhookTarget target = target(OutboundAuth.NONE);
        SalesEvent event = event(ID, BODY);

        for (int status : new int[] {503, 400}) {
            server.stubFor(post(PATH).willReturn(aResponse().withStatus(status)));
            assertThatThrownBy(() -> target.deliver(event)).isInstanceOfSatisfying(RestClientResponseException.class,
                    failure -> assertThat(failure.getStatusCode().value()).isEqualTo(status));
        }
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));

        server.stubFor(post(PATH).willReturn(aResponse().withStatus(202)));
        target.deliver(event);
    }

    @Test
    void oneOAuthTokenServesManyDeliveries() throws Exception {
        tokens("t1");
        WebhookTarget target = target(oauth2());

        for (int i = 0; i < 3; i++) {
            target.deliver(event("evt-" + i, BODY.replace(ID, "evt-" + i)));
        }

        server.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo(basic("orderflow-sales", CLIENT_SECRET)))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("scope=sales.events")));
        server.verify(3, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer t1")));
    }

    @Test
    void aTokenTheReceiverRefusesIsReplacedOnceAndTheDeliveryTriedOnceMore() throws Exception {
        tokens("revoked", "t2", "t3");
        server.stubFor(post(PATH).withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401)));
        WebhookTarget target = target(oauth2());

        target.deliver(event(ID, BODY));

        server.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        List<LoggedRequest> received = server.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(received).extracting(request -> request.getHeader("Authorization"))
                .containsExactly("Bearer revoked", "Bearer t2");
        LoggedRequest retried = received.get(1);
        assertThat(retried.getHeader("webhook-id")).isEqualTo(ID);
        assertThat(retried.getBody()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(retried.getHeader("webhook-signature")).isEqualTo(signature(retried));
    }

    @Test
    void aReceiverRefusingTheRenewedTokenTooFailsTheAttemptWithoutFurtherTries() throws Exception {
        tokens("t1", "t2", "t3");
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(401)));
        WebhookTarget target = target(oauth2());

        assertThatThrownBy(() -> target.deliver(event(ID, BODY)))
                .satisfies(failure -> assertThat(messages(failure)).contains("refused the application's credentials"));

        server.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aTokenEndpointThatIsDownFailsTheAttemptWithoutShowingTheClientSecret() throws Exception {
        server.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "text/plain").withBody("token service unavailable")));
        WebhookTarget target = target(oauth2());

        assertThatThrownBy(() -> target.deliver(event(ID, BODY)))
                .satisfies(failure -> assertThat(messages(failure))
                        .contains("no access token from " + server.baseUrl() + TOKEN_PATH)
                        .doesNotContain(CLIENT_SECRET)
                        .doesNotContain(basic("orderflow-sales", CLIENT_SECRET).substring("Basic ".length())));
        server.verify(postRequestedFor(urlEqualTo(TOKEN_PATH)));
        server.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }

    private static WebhookTarget target(OutboundAuth auth) {
        SalesProperties properties = new SalesProperties(SalesProperties.Target.WEBHOOK, "urn:orderflow:test",
                Duration.ofSeconds(2), Duration.ofSeconds(5), auth,
                new SalesProperties.Webhook(server.baseUrl() + PATH, SECRET), null, null);
        SalesTarget target = new SalesTargets().salesTarget(properties, RestClient.builder());
        assertThat(target).isInstanceOf(WebhookTarget.class);
        return (WebhookTarget) target;
    }

    private SalesEvent event(String id, String body) throws Exception {
        return new SalesEvent(id, "orderflow.quote.offered", "Q-12345678", Instant.parse("2026-03-02T09:15:00Z"), body,
                json.readTree(body).get("data"));
    }

    private static LoggedRequest single() {
        List<LoggedRequest> received = server.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    /** The signature a receiver expects, computed from the secret and what arrived, without {@link WebhookSignatures}. */
    private static String signature(LoggedRequest received) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        mac.update((received.getHeader("webhook-id") + "." + received.getHeader("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(received.getBody()));
    }

    private static OutboundAuth oauth2() {
        return OutboundAuth.oauth2(server.baseUrl() + TOKEN_PATH, "orderflow-sales", CLIENT_SECRET, "sales.events");
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
