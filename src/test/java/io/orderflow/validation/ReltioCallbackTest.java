package io.orderflow.validation;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static io.orderflow.HttpCalls.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import io.orderflow.IntegrationTest;
import io.orderflow.security.CallbackSignatures;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The callback endpoint itself: signature, replay window, malformed bodies, duplicates, unknown request ids. */
class ReltioCallbackTest extends IntegrationTest {

    static final String PATH = "/api/v1/callbacks/reltio";

    @Autowired
    CallbackSignatures signatures;
    @Autowired
    ReltioCallbackRepository callbacks;

    @Test
    void forgedSignatureIsRefusedAndNothingStored() {
        String requestId = "RLT-FORGED-" + UUID.randomUUID();
        String body = result(requestId);
        String forged = signatures.sign(body.replace("MATCH", "NO_MATCH"), Instant.now());

        HttpResponse<String> response = postJson(url(PATH), body, CallbackSignatures.HEADER, forged);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"field\":\"X-Signature\"");
        assertThat(callbacks.findByRequestId(requestId)).isEmpty();
    }

    @Test
    void missingSignatureIsRefused() {
        assertThat(postJson(url(PATH), result("RLT-UNSIGNED")).statusCode()).isEqualTo(401);
    }

    @Test
    void replayedCallbackOutsideTheFiveMinuteWindowIsRefused() {
        String requestId = "RLT-REPLAY-" + UUID.randomUUID();
        String body = result(requestId);

        HttpResponse<String> old = postJson(url(PATH), body, CallbackSignatures.HEADER,
                signatures.sign(body, Instant.now().minusSeconds(301)));
        HttpResponse<String> future = postJson(url(PATH), body, CallbackSignatures.HEADER,
                signatures.sign(body, Instant.now().plusSeconds(301)));

        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).contains("window");
        assertThat(future.statusCode()).isEqualTo(401);
        assertThat(callbacks.findByRequestId(requestId)).isEmpty();
    }

    @Test
    void malformedCallbacksAreRefusedNamingTheField() {
        assertMalformed("{not json", "body");
        assertMalformed("[1,2]", "body");
        assertMalformed("{\"status\":\"MATCH\"}", "requestId");
        assertMalformed("{\"requestId\":\"RLT-X\",\"status\":\"MAYBE\"}", "status");
    }

    @Test
    void unknownRequestIdIsKeptForOperatorsAndAnswered404ThenDuplicate200() {
        String requestId = "RLT-NOBODY-" + UUID.randomUUID();
        String body = result(requestId);
        // an hour on, no request that other tests left about to go out is still in flight
        Instant later = Instant.now().plus(Duration.ofHours(1));
        HttpResponse<String> first;
        HttpResponse<String> again;
        ClockUtil.setCurrentTime(Date.from(later));
        try {
            first = postJson(url(PATH), body, CallbackSignatures.HEADER, signatures.sign(body, later));
            again = postJson(url(PATH), body, CallbackSignatures.HEADER, signatures.sign(body, later));
        } finally {
            ClockUtil.reset();
        }

        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(first.body()).contains("\"field\":\"requestId\"");
        assertThat(callbacks.findByRequestId(requestId)).hasValueSatisfying(callback -> {
            assertThat(callback.getStatus()).isEqualTo(ReltioCallback.Status.UNKNOWN);
            assertThat(callback.getBody()).isEqualTo(body);
        });
        assertThat(again.statusCode()).isEqualTo(200);
        HttpResponse<String> operators = get(url("/operations/reltio-callbacks"), "Authorization", basic("admin", PASSWORD));
        assertThat(operators.statusCode()).isEqualTo(200);
        assertThat(operators.body()).contains(requestId);
        assertThat(get(url("/operations/reltio-callbacks"), "Authorization", basic("sara", PASSWORD)).statusCode())
                .isEqualTo(403);
    }

    private void assertMalformed(String body, String field) {
        HttpResponse<String> response = postJson(url(PATH), body, CallbackSignatures.HEADER,
                signatures.sign(body, Instant.now()));
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }

    static String result(String requestId) {
        return "{\"requestId\":\"" + requestId + "\",\"status\":\"MATCH\",\"entityUri\":\"entities/e1\"}";
    }
}
