package io.orderflow.validation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.integration.reltio.ReltioProperties;
import io.orderflow.security.CallbackSignatures;
import io.orderflow.web.ApiController;
import io.orderflow.web.ApiException;
import io.orderflow.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * Reltio's validation results. The body is verified before anything else, then stored in the transaction that
 * delivers it to its waiting process, or stored alone when it cannot land now (its process does not wait yet), for the
 * inbox's worker; answered 202 either way. Reltio stops sending a result once it is answered 2xx, so a 2xx means
 * stored: a body longer than the inbox stores is refused (413) before anything else, and a failure to store is
 * answered 503 so that Reltio sends it again.
 */
@ApiController
class ReltioCallbackController {

    static final Set<String> STATUSES = Set.of("MATCH", "POTENTIAL_MATCHES", "NO_MATCH", "INVALID");
    private static final Logger LOG = LoggerFactory.getLogger(ReltioCallbackController.class);

    record Answer(String requestId, String status) {
    }

    private final CallbackSignatures signatures;
    private final CallbackInbox inbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxChars;

    private final Duration retryAfter;

    ReltioCallbackController(CallbackSignatures signatures, CallbackInbox inbox, ObjectMapper json, Clock clock,
            ReltioProperties properties, @Value("${orderflow.database-outage.retry-after}") Duration retryAfter) {
        this.retryAfter = retryAfter;
        this.signatures = signatures;
        this.inbox = inbox;
        this.json = json;
        this.clock = clock;
        this.maxChars = properties.callbackMaxChars() == null ? ReltioCallback.BODY_LENGTH : properties.callbackMaxChars();
        if (maxChars < 1 || maxChars > ReltioCallback.BODY_LENGTH) {
            throw new IllegalStateException("orderflow.reltio.callback-max-chars must be between 1 and "
                    + ReltioCallback.BODY_LENGTH + " (the size of reltio_callback.body)");
        }
    }

    @PostMapping("/api/v1/callbacks/reltio")
    ResponseEntity<?> callback(@RequestHeader(value = CallbackSignatures.HEADER, required = false) String signature,
            HttpServletRequest request) throws IOException {
        String payload = body(request);
        Instant signedAt = signatures.verify(signature, payload, clock.instant());
        String requestId = validRequestId(payload);
        CallbackInbox.Stored stored;
        try {
            stored = inbox.receive(requestId, payload, signedAt);
        } catch (DataAccessException | TransactionException e) {
            LOG.error("Reltio callback for request id {} could not be stored; answered 503 for Reltio to send it again",
                    requestId, e);
            return Problems.unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "callback-not-stored",
                    "Callback not stored", "The callback could not be stored; send it again later.", List.of()), retryAfter);
        }
        return switch (stored) {
            case DUPLICATE -> ResponseEntity.ok(new Answer(requestId, "DUPLICATE"));
            case UNKNOWN -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                    "unknown-request-id", "Unknown request id", "No validation request has the id '" + requestId
                            + "'; the callback is kept for inspection.",
                    List.of(new Problems.FieldError("requestId", "is not a request of ours"))));
            case ACCEPTED -> ResponseEntity.accepted().body(new Answer(requestId, "ACCEPTED"));
        };
    }

    /**
     * The body as JSON text (UTF-8), read only as far as the limit: a UTF-16 character takes at most three bytes, so a
     * body of more than three bytes per allowed character is refused without reading the rest.
     */
    private String body(HttpServletRequest request) throws IOException {
        long maxBytes = 3L * maxChars;
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        byte[] bytes = request.getInputStream().readNBytes((int) maxBytes + 1);
        String body = new String(bytes, StandardCharsets.UTF_8);
        if (bytes.length > maxBytes || body.length() > maxChars) {
            throw tooLarge();
        }
        return body;
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "callback-too-large", "Callback too large",
                "The callback body is longer than " + maxChars + " characters, more than the inbox stores; it was not "
                        + "stored.", List.of(new Problems.FieldError("body", "is longer than " + maxChars + " characters")));
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
