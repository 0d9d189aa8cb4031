package io.orderflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.Contracts;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.security.CallbackSignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sandbox's simulated commerce and Reltio answer as the documents in {@code docs/contracts} say commerce and Reltio
 * answer, and the simulated Reltio's results are what the application's callback takes: an integrator who builds to
 * those documents builds what the sandbox shows.
 */
class SimulatorContractTest extends IntegrationTest {

    private static final String COMMERCE = "/sandbox/commerce";
    private static final String RELTIO = "/sandbox/reltio";

    @Autowired
    ReltioSimulator reltio;
    @Autowired
    CallbackSignatures signatures;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    @AfterEach
    void reltioSendsItsResultsAgain() {
        reltio.deferCallbacks(false);
    }

    @Test
    void commerceAnswersEveryCallOfTheApplicationAsItsContractSays() throws Exception {
        for (String customer : CommerceSimulator.CUSTOMERS.keySet()) {
            answer("GET", COMMERCE, "/customers/" + customer, null, Map.of(), 200);
        }
        String key = UUID.randomUUID().toString();
        String order = json.writeValueAsString(Map.of("orderRequestId", key, "customerId", "emily.clark",
                "b2bUnitId", "US-MERCY", "currency", "USD", "quoteCode", "Q-CONTRACT",
                "lines", List.of(Map.of("sku", "SKU-CONS-100", "quantity", 2, "unitPrice", 120.00))));
        Map<String, String> idempotent = Map.of("Idempotency-Key", key);

        String code = json.readTree(answer("POST", COMMERCE, "/orders", order, idempotent, 201).body()).path("orderCode").asText();
        answer("POST", COMMERCE, "/orders", order, idempotent, 201);
        answer("POST", COMMERCE, "/orders/" + code + "/hold", "{}", idempotent, 200);
        answer("PUT", COMMERCE, "/orders/" + code + "/customer-master", "{\"masterId\":\"entities/contract\"}", idempotent, 200);
        answer("POST", COMMERCE, "/orders/" + code + "/release", "{}", idempotent, 200);
        answer("POST", COMMERCE, "/orders/" + code + "/cancel", "{}", idempotent, 200);
    }

    @Test
    void reltioAnswersARequestWithItsIdAndSendsEachKindOfResultAsTheCallbackTakesIt() throws Exception {
        reltio.deferCallbacks(true);
        for (char last : List.of('0', '1', '2', '3')) {
            String reference = "OR-" + UUID.randomUUID() + "-1";
            String request = json.writeValueAsString(Map.of("reference", reference, "legalName", "Universitätsklinikum Nord",
                    "taxId", "DE12345678" + last, "licenceNumber", "BY-MP-4711", "address", Map.of("line1",
                            "Ismaninger Straße 22", "city", "München", "postalCode", "81675", "region", "DE-BY", "country", "DE")));
            answer("POST", RELTIO, "/validation-requests", request, Map.of("Idempotency-Key", reference), 202);
        }

        Map<String, String> results = reltio.takeDeferred();

        assertThat(results.values()).extracting(body -> json.readTree(body).path("status").asText())
                .containsExactlyInAnyOrder("MATCH", "POTENTIAL_MATCHES", "INVALID", "NO_MATCH");
        for (String result : results.values()) {
            Contracts.RELTIO.assertRequest("POST", "/api/v1/callbacks/reltio", Map.of("Content-Type",
                    "application/json", CallbackSignatures.HEADER, signatures.sign(result, clock.instant())), result);
        }
    }

    /** Sends the call as the document describes it and checks the answer against the document. */
    private HttpResponse<String> answer(String method, String base, String path, String body, Map<String, String> headers,
            int status) {
        Contracts contract = base.equals(COMMERCE) ? Contracts.COMMERCE : Contracts.RELTIO;
        Map<String, String> sent = new java.util.LinkedHashMap<>(headers);
        if (body != null) {
            sent.put("Content-Type", "application/json");
        }
        contract.assertRequest(method, path, sent, body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(base + path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", HttpCalls.basic("integration", PASSWORD));
        sent.forEach(request::header);
        HttpResponse<String> response = HttpCalls.send(request);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        contract.assertResponse(method, path, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
        return response;
    }
}
