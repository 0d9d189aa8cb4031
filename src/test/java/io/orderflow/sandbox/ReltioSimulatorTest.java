package io.orderflow.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.orderflow.IntegrationTest;
import io.orderflow.security.CallbackSignatures;
import io.orderflow.work.WorkQueues;
import io.orderflow.work.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * The sandbox Reltio's results wait in the database until they are sent: a result due while the application is down
 * or failing is sent when it is back, by whichever node, once per copy. Here the simulators send to WireMock, standing
 * in for the application, and the sandbox's own worker is stopped, so that the test alone decides when they send.
 */
class ReltioSimulatorTest extends IntegrationTest {

    private static final String CALLBACK = "/api/v1/callbacks/reltio";

    @Autowired
    CallbackSignatures signatures;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    WorkQueues queues;
    @Autowired
    @Qualifier("sandboxReltioCallbacks")
    Worker worker;

    WireMockServer application = new WireMockServer(wireMockConfig().dynamicPort());

    @BeforeEach
    void onlyThisTestSends() {
        worker.stop();
        application.start();
        simulator(queues, application.baseUrl()).sendDue(Instant.EPOCH); // the table, at first use
        jdbc.update("delete from sandbox_reltio_callback");
    }

    @AfterEach
    void sandboxSendsAgain() {
        application.stop();
        worker.start();
    }

    @Test
    void resultsDueWhileTheApplicationIsDownOrFailingAreSentOncePerCopyWhenItIsBack() throws Exception {
        ReltioSimulator down = simulator(queues, "http://127.0.0.1:" + closedPort());
        down.changeBehaviour(new ReltioSimulator.Behaviour(false, true, Duration.ZERO));
        down.request(json.readTree("{\"reference\":\"KILL-1\",\"taxId\":\"DE-1230\"}"));
        Instant now = Instant.now().plusSeconds(1);

        assertThat(down.sendDue(now)).as("connection refused").isZero();
        // the node comes back (a new simulator on the same database) and its application fails for a while
        ReltioSimulator restarted = simulator(queues, application.baseUrl());
        application.stubFor(post(CALLBACK).willReturn(aResponse().withStatus(503)));
        assertThat(restarted.sendDue(now)).as("not before the backoff").isZero();
        now = now.plus(Duration.ofMinutes(2));
        assertThat(restarted.sendDue(now)).as("503").isZero();
        application.stubFor(post(CALLBACK).willReturn(aResponse().withStatus(202)));
        now = now.plus(Duration.ofMinutes(2));

        assertThat(restarted.sendDue(now)).isEqualTo(2);
        assertThat(restarted.sendDue(now.plus(Duration.ofHours(2)))).as("sent, never again").isZero();

        List<LoggedRequest> accepted = application.findAll(postRequestedFor(urlEqualTo(CALLBACK))).subList(2, 4);
        assertThat(accepted).allSatisfy(request -> {
            assertThat(json.readTree(request.getBodyAsString()).get("requestId").asText()).isEqualTo("RLT-KILL-1");
            assertThat(json.readTree(request.getBodyAsString()).get("status").asText()).isEqualTo("MATCH");
            assertThat(request.getHeader(CallbackSignatures.HEADER)).startsWith("t=");
        });
        assertThat(application.findAll(postRequestedFor(urlEqualTo(CALLBACK)))).hasSize(4);
        assertThat(jdbc.queryForList("select status from sandbox_reltio_callback", String.class))
                .containsExactly("SENT", "SENT");
    }

    @Test
    void twoNodesSendEachResultOnce() throws Exception {
        application.stubFor(post(CALLBACK).willReturn(aResponse().withStatus(202).withFixedDelay(20)));
        ReltioSimulator nodeA = simulator(queues, application.baseUrl());
        ReltioSimulator nodeB = simulator(queues.onNode("other-node"), application.baseUrl());
        nodeA.changeBehaviour(new ReltioSimulator.Behaviour(false, false, Duration.ZERO));
        for (int i = 0; i < 30; i++) {
            nodeA.request(json.readTree("{\"reference\":\"TWO-" + i + "\",\"taxId\":\"DE-" + i + "0\"}"));
        }
        Instant now = Instant.now().plusSeconds(1);

        CompletableFuture<Integer> sentByA = CompletableFuture.supplyAsync(() -> nodeA.sendDue(now));
        CompletableFuture<Integer> sentByB = CompletableFuture.supplyAsync(() -> nodeB.sendDue(now));

        assertThat(sentByA.get() + sentByB.get()).isEqualTo(30);
        assertThat(application.findAll(postRequestedFor(urlEqualTo(CALLBACK))))
                .extracting(request -> json.readTree(request.getBodyAsString()).get("requestId").asText())
                .hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void earlyResultIsSentBeforeTheAnswerAndTaxIdEndingInNineNever() throws Exception {
        application.stubFor(post(CALLBACK).willReturn(aResponse().withStatus(202)));
        ReltioSimulator reltio = simulator(queues, application.baseUrl());
        reltio.changeBehaviour(new ReltioSimulator.Behaviour(true, false, Duration.ZERO));

        reltio.request(json.readTree("{\"reference\":\"EARLY-1\",\"taxId\":\"DE-1231\"}"));
        reltio.request(json.readTree("{\"reference\":\"NEVER-1\",\"taxId\":\"DE-1239\"}"));

        assertThat(application.findAll(postRequestedFor(urlEqualTo(CALLBACK))))
                .extracting(request -> json.readTree(request.getBodyAsString()).get("status").asText())
                .containsExactly("POTENTIAL_MATCHES");
        assertThat(reltio.sendDue(Instant.now().plus(Duration.ofHours(1)))).isZero();
    }

    private ReltioSimulator simulator(WorkQueues node, String applicationUrl) {
        return new ReltioSimulator(signatures, json, clock, RestClient.builder(), jdbc, node, applicationUrl,
                Duration.ofSeconds(3));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
