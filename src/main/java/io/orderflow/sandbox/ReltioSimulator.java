package io.orderflow.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.security.CallbackSignatures;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reltio of the sandbox: answers a validation request with a request id at once and sends the result later to the
 * application's callback, signed. The result follows the last digit of the tax id: 0 MATCH, 1 POTENTIAL_MATCHES
 * (three candidates), 2 INVALID (a region issue), 3 NO_MATCH, 9 no callback at all, anything else MATCH. The timing
 * can be changed for the next requests: before the answer ("early"), twice, or after a delay.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/reltio")
class ReltioSimulator {

    /** @param early call back before answering the request; @param twice send the result twice */
    record Behaviour(boolean early, boolean twice, Duration delay) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReltioSimulator.class);

    private final CallbackSignatures signatures;
    private final ObjectMapper json;
    private final Clock clock;
    private final RestClient http;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private volatile Behaviour behaviour;
    /** While demo data is made, results wait here until the demo sends them, at the engine time it chooses. */
    private final Map<String, String> deferred = new LinkedHashMap<>();
    private volatile boolean deferring;

    ReltioSimulator(CallbackSignatures signatures, ObjectMapper json, Clock clock, RestClient.Builder builder,
            @Value("${orderflow.public-base-url}") String applicationUrl,
            @Value("${orderflow.sandbox.reltio.callback-delay:3s}") Duration callbackDelay) {
        this.signatures = signatures;
        this.json = json;
        this.clock = clock;
        this.http = builder.baseUrl(applicationUrl).build();
        this.behaviour = new Behaviour(false, false, callbackDelay);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    @GetMapping("/behaviour")
    Behaviour behaviour() {
        return behaviour;
    }

    @PostMapping("/behaviour")
    Behaviour changeBehaviour(@RequestBody Behaviour next) {
        behaviour = new Behaviour(next.early(), next.twice(), next.delay() == null ? Duration.ZERO : next.delay());
        return behaviour;
    }

    /** The request id is derived from the request's reference, so a retried request gets the same id. */
    @PostMapping("/validation-requests")
    ResponseEntity<Map<String, String>> request(@RequestBody JsonNode request) {
        String requestId = "RLT-" + request.path("reference").asText();
        String result = result(requestId, request);
        Behaviour now = behaviour;
        if (result != null && deferring) {
            synchronized (deferred) {
                deferred.put(requestId, result);
            }
        } else if (result != null) {
            if (now.early()) {
                send(requestId, result);
            }
            int times = (now.early() ? 0 : 1) + (now.twice() ? 1 : 0);
            for (int i = 0; i < times; i++) {
                scheduler.schedule(() -> send(requestId, result), now.delay().toMillis() + i * 200L, TimeUnit.MILLISECONDS);
            }
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("requestId", requestId));
    }

    void deferCallbacks(boolean defer) {
        deferring = defer;
        if (!defer) {
            synchronized (deferred) {
                deferred.clear();
            }
        }
    }

    /** The results held back since the last call, by request id. */
    Map<String, String> takeDeferred() {
        synchronized (deferred) {
            Map<String, String> taken = new LinkedHashMap<>(deferred);
            deferred.clear();
            return taken;
        }
    }

    private String result(String requestId, JsonNode request) {
        String taxId = request.path("taxId").asText("");
        char last = taxId.isEmpty() ? '0' : taxId.charAt(taxId.length() - 1);
        String entity = "entities/" + Integer.toHexString(Math.abs(taxId.hashCode()));
        Map<String, Object> body = switch (last) {
            case '1' -> Map.of("requestId", requestId, "status", "POTENTIAL_MATCHES", "entityUri", entity + "-new",
                    "candidates", List.of(
                            Map.of("entityUri", entity + "-a", "name", request.path("legalName").asText(), "score", 0.92),
                            Map.of("entityUri", entity + "-b", "name", request.path("legalName").asText() + " GmbH", "score", 0.81),
                            Map.of("entityUri", entity + "-c", "name", "Klinikverbund " + request.path("address").path("city").asText(), "score", 0.64)));
            case '2' -> Map.of("requestId", requestId, "status", "INVALID", "issues", List.of(Map.of(
                    "field", "address.region", "code", "REGION_MISMATCH",
                    "message", "The region does not match the postal code")));
            case '3' -> Map.of("requestId", requestId, "status", "NO_MATCH", "entityUri", entity + "-new");
            case '9' -> null;
            default -> Map.of("requestId", requestId, "status", "MATCH", "entityUri", entity);
        };
        try {
            return body == null ? null : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the signed result to the application's callback, as Reltio does. */
    void send(String requestId, String body) {
        try {
            http.post().uri("/api/v1/callbacks/reltio")
                    .header(CallbackSignatures.HEADER, signatures.sign(body, clock.instant()))
                    .header("Content-Type", "application/json")
                    .body(body)
                    .retrieve()
                    .toBodilessEntity();
        } catch (RestClientException e) {
            LOG.info("Sandbox Reltio callback for {} answered: {}", requestId, e.getMessage());
        }
    }
}
