package io.orderflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sandbox's commerce keeps its orders in the database, so a restart neither forgets them nor reuses codes. */
class CommerceSimulatorTest extends IntegrationTest {

    private static final String ORDER = """
            {"customerId":"emily.clark","b2bUnitId":"US-MERCY","lines":[{"sku":"SKU-CONS-100","quantity":2}]}""";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void anOrderIsCreatedOncePerIdempotencyKeyAndRemainsKnownWithItsChangesAfterARestart() throws Exception {
        String key = UUID.randomUUID().toString();
        JsonNode created = create(key);
        assertThat(create(key).get("orderCode")).as("same key, same order").isEqualTo(created.get("orderCode"));
        String code = created.get("orderCode").asText();
        HttpResponse<String> released = HttpCalls.postJson(url("/sandbox/commerce/orders/" + code + "/release"), "{}",
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);

        // what a restarted sandbox has: a new store on the same database
        CommerceOrderStore restarted = new CommerceOrderStore(jdbc, json);

        CommerceSimulator.Order known = restarted.find(code).orElseThrow();
        assertThat(known.status()).isEqualTo("RELEASED");
        assertThat(known.customerId()).isEqualTo("emily.clark");
        CommerceSimulator.Order next = restarted.createOnce(UUID.randomUUID().toString(),
                () -> new CommerceSimulator.Order(null, "CREATED", "emily.clark", "US-MERCY", null, java.util.List.of()));
        assertThat(number(next.orderCode())).isGreaterThan(number(code));
        assertThat(HttpCalls.get(url("/sandbox/commerce/orders/CO-999999999"),
                "Authorization", HttpCalls.basic("sara", PASSWORD)).statusCode()).isEqualTo(404);
    }

    private JsonNode create(String key) throws Exception {
        HttpResponse<String> response = HttpCalls.postJson(url("/sandbox/commerce/orders"), ORDER, "Idempotency-Key", key,
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private static int number(String code) {
        return Integer.parseInt(code.substring("CO-".length()));
    }
}
