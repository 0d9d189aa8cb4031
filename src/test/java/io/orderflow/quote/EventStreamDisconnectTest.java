package io.orderflow.quote;

import static io.orderflow.quote.QuoteSteps.germanRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.orderflow.IntegrationTest;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A checkout that stops listening is normal: its stream ends quietly, without an exception in the log. */
@ExtendWith(OutputCaptureExtension.class)
class EventStreamDisconnectTest extends IntegrationTest {

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    QuoteEventStream stream;

    @Test
    void aClientGoingAwayEndsItsStreamWithoutAnExceptionOrTomcatComplaintInTheLog(CapturedOutput output) throws Exception {
        QuoteSteps steps = new QuoteSteps(port, runtimeService, managementService);
        String code = steps.createQuote(germanRequest());
        steps.executeDueJobs(steps.processInstanceId(code));
        int before = output.getAll().length();

        try (Socket client = new Socket("localhost", port)) {
            OutputStream out = client.getOutputStream();
            out.write(("GET /api/v1/quotes/" + code + "/events HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: "
                    + QuoteSteps.API_KEY + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("data:")) {
                // headers and the first event's id and name
            }
            assertThat(line).as("the first event arrived").startsWith("data:");
        }
        assertThat(stream.subscriberCount(code)).isEqualTo(1);
        // two changes, so that a write reaches the closed connection after the first one met its reset
        steps.review(code, "sara", 5, 30);
        Thread.sleep(Duration.ofSeconds(3).toMillis());
        steps.buyerAction(code, "decline", Map.of("userId", "anna.schmidt"));
        Thread.sleep(Duration.ofSeconds(3).toMillis());

        assertThat(stream.subscriberCount(code)).as("the gone client's stream is ended").isZero();
        String log = output.getAll().substring(before);
        assertThat(log).doesNotContain("AsyncContext", "IllegalStateException", "non-recycled", "Exception");
    }
}
