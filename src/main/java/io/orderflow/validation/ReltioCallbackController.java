package io.orderflow.validation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.security.CallbackSignatures;
import io.orderflow.web.ApiController;
import io.orderflow.web.ApiException;
import io.orderflow.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * Reltio's validation results. The body is verified and stored before anything else, and answered 202 whether or not
 * its process waits yet; delivery to the process happens from the store.
 */
@ApiController
class ReltioCallbackController {

    static final Set<String> STATUSES = Set.of("MATCH", "POTENTIAL_MATCHES", "NO_MATCH", "INVALID");

    record Answer(String requestId, String status) {
    }

    private final CallbackSignatures signatures;
    private final CallbackInbox inbox;
    private final ObjectMapper json;
    private final Clock clock;

    ReltioCallbackController(CallbackSignatures signatures, CallbackInbox inbox, ObjectMapper json, Clock clock) {
        this.signatures = signatures;
        this.inbox = inbox;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/api/v1/callbacks/reltio")
    ResponseEntity<Object> callback(@RequestHeader(value = CallbackSignatures.HEADER, required = false) String signature,
            @RequestBody(required = false) String body) {
        String payload = body == null ? "" : body;
        Instant signedAt = signatures.verify(signature, payload, clock.instant());
        String requestId = validRequestId(payload);
        return switch (inbox.store(requestId, payload, signedAt)) {
            case DUPLICATE -> ResponseEntity.ok(new Answer(requestId, "DUPLICATE"));
            case UNKNOWN -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                    "unknown-request-id", "Unknown request id", "No validation request has the id '" + requestId
                            + "'; the callback is kept for inspection.",
                    List.of(new Problems.FieldError("requestId", "is not a request of ours"))));
            case ACCEPTED -> {
                inbox.deliverSoon();
                yield ResponseEntity.accepted().body(new Answer(requestId, "ACCEPTED"));
            }
        };
    }

    private String validRequestId(String payload) {
        JsonNode callback;
        try {
            callback = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "is not valid JSON");
        }
        if (callback == null || !callback.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        JsonNode requestId = callback.path("requestId");
        if (!requestId.isTextual() || requestId.asText().isBlank() || requestId.asText().length() > 100) {
            throw ApiException.badRequest("requestId", "is required (a string of at most 100 characters)");
        }
        if (!STATUSES.contains(callback.path("status").asText())) {
            throw ApiException.badRequest("status", "must be one of " + STATUSES);
        }
        return requestId.asText();
    }
}
