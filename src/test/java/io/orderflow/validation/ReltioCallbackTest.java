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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The callback endpoint itself: signature, replay window, malformed bodies, size, duplicates, storage failures,
 * unknown request ids.
 */
class ReltioCallbackTest extends IntegrationTest {

    static final String PATH = "/api/v1/callbacks/reltio";

    @Autowired
    CallbackSignatures signatures;
    @Autowired
    ReltioCallbackRepository callbacks;
    @Autowired
    CallbackInbox inbox;
    @Autowired
    JdbcTemplate jdbc;

    /** The size of reltio_callback.body, the default limit of a callback's body. */
    static final int BODY_COLUMN = 100_000;

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

    @Test
    void callbackLargerThanTheInboxCanStoreIsRefused413AndNothingStored() {
        String requestId = "RLT-LARGE-" + UUID.randomUUID();
        String body = padded(requestId, BODY_COLUMN + 1);

        HttpResponse<String> response = postJson(url(PATH), body, CallbackSignatures.HEADER,
                signatures.sign(body, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"field\":\"body\"").contains(String.valueOf(BODY_COLUMN));
        assertThat(callbacks.findByRequestId(requestId)).isEmpty();
    }

    @Test
    void callbackOfExactlyTheLimitIsStored() {
        String requestId = "RLT-LIMIT-" + UUID.randomUUID();
        String body = padded(requestId, BODY_COLUMN);

        HttpResponse<String> response = postJson(url(PATH), body, CallbackSignatures.HEADER,
                signatures.sign(body, Instant.now()));

        assertThat(response.statusCode()).isIn(202, 404);
        assertThat(callbacks.findByRequestId(requestId)).hasValueSatisfying(
                callback -> assertThat(callback.getBody()).isEqualTo(body));
    }

    @Test
    void storageFailureOtherThanADuplicateIsAnswered503SoTheSenderRetries() {
        String requestId = "RLT-REFUSED-" + UUID.randomUUID();
        String body = result(requestId);
        // the database refuses this one row for a reason that is no duplicate
        jdbc.execute("alter table reltio_callback add constraint ck_test_refused check (request_id <> '" + requestId + "')");
        HttpResponse<String> response;
        try {
            response = postJson(url(PATH), body, CallbackSignatures.HEADER, signatures.sign(body, Instant.now()));
        } finally {
            jdbc.execute("alter table reltio_callback drop constraint ck_test_refused");
        }

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("DUPLICATE");
        assertThat(callbacks.findByRequestId(requestId)).isEmpty();
        HttpResponse<String> retried = postJson(url(PATH), body, CallbackSignatures.HEADER,
                signatures.sign(body, Instant.now()));
        assertThat(retried.statusCode()).isIn(202, 404);
        assertThat(callbacks.findByRequestId(requestId)).isPresent();
    }

    @Test
    void sameRequestIdStoredMeanwhileIsADuplicateAnythingElseIsNot() {
        String requestId = "RLT-RACE-" + UUID.randomUUID();
        Instant now = Instant.now();
        inbox.store(requestId, result(requestId), now);

        // as when another node stored it between the look-up and the insert
        assertThat(inbox.insert(requestId, result(requestId), now)).isEqualTo(CallbackInbox.Stored.DUPLICATE);
        String other = "RLT-TOO-LONG-" + UUID.randomUUID();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.insert(other, padded(other, BODY_COLUMN + 1), now))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    /** A valid result of exactly {@code length} characters. */
    static String padded(String requestId, int length) {
        String start = "{\"requestId\":\"" + requestId + "\",\"status\":\"MATCH\",\"entityUri\":\"entities/e1\",\"padding\":\"";
        String end = "\"}";
        return start + "x".repeat(length - start.length() - end.length()) + end;
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
