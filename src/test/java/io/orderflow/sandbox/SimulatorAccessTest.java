package io.orderflow.sandbox;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static io.orderflow.HttpCalls.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The simulated commerce and Reltio change the sandbox's world, so they answer signed-in callers only (HTTP Basic,
 * any sandbox user); the application calls them with the credentials the sandbox profile gives it.
 */
class SimulatorAccessTest extends IntegrationTest {

    private static final String ORDER = """
            {"customerId":"emily.clark","b2bUnitId":"US-MERCY","lines":[{"sku":"SKU-CONS-100","quantity":1}]}""";

    @Autowired
    ObjectMapper json;

    @Test
    void anonymousCallersChangeNothingInTheSimulatedCommerce() throws Exception {
        String key = UUID.randomUUID().toString();

        assertThat(postJson(url("/sandbox/commerce/failures"),
                "{\"idempotencyKey\":\"" + key + "\",\"times\":1,\"mode\":\"error\"}").statusCode()).isEqualTo(401);
        assertThat(postJson(url("/sandbox/commerce/orders"), ORDER, "Idempotency-Key", key).statusCode()).isEqualTo(401);

        HttpResponse<String> created = postJson(url("/sandbox/commerce/orders"), ORDER, "Idempotency-Key", key,
                "Authorization", sara());
        assertThat(created.statusCode()).as("no failure was planned").isEqualTo(201);
        String code = json.readTree(created.body()).path("orderCode").asText();
        assertThat(postJson(url("/sandbox/commerce/orders/" + code + "/cancel"), "{}").statusCode()).isEqualTo(401);
        assertThat(get(url("/sandbox/commerce/orders/" + code)).statusCode()).isEqualTo(401);
        assertThat(order(code).path("status").asText()).isEqualTo("CREATED");
    }

    @Test
    void signedInUserPlansCommerceFailures() throws Exception {
        String key = UUID.randomUUID().toString();

        HttpResponse<String> planned = postJson(url("/sandbox/commerce/failures"),
                "{\"idempotencyKey\":\"" + key + "\",\"times\":1,\"mode\":\"error\"}", "Authorization", sara());

        assertThat(planned.statusCode()).isEqualTo(201);
        assertThat(postJson(url("/sandbox/commerce/orders"), ORDER, "Idempotency-Key", key, "Authorization", sara())
                .statusCode()).isEqualTo(500);
        assertThat(json.readTree(get(url("/sandbox/commerce/calls/" + key), "Authorization", sara()).body())
                .path("createOrderCalls").asInt()).isEqualTo(1);
    }

    @Test
    void onlySignedInUsersChangeTheSimulatedReltio() throws Exception {
        String before = get(url("/sandbox/reltio/behaviour"), "Authorization", sara()).body();

        assertThat(postJson(url("/sandbox/reltio/behaviour"), "{\"early\":true,\"twice\":true,\"delay\":\"PT1S\"}")
                .statusCode()).isEqualTo(401);
        assertThat(get(url("/sandbox/reltio/behaviour"), "Authorization", sara()).body()).isEqualTo(before);
        assertThat(postJson(url("/sandbox/reltio/validation-requests"), "{\"reference\":\"x\"}").statusCode())
                .isEqualTo(401);

        HttpResponse<String> changed = postJson(url("/sandbox/reltio/behaviour"),
                "{\"early\":true,\"twice\":false,\"delay\":\"PT1S\"}", "Authorization", sara());
        try {
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(json.readTree(get(url("/sandbox/reltio/behaviour"), "Authorization", sara()).body())
                    .path("early").asBoolean()).isTrue();
        } finally {
            postJson(url("/sandbox/reltio/behaviour"), before, "Authorization", sara());
        }
    }

    /** A page login's session cookie is no credential here: another site could make the browser send it. */
    @Test
    void aBrowserSessionAloneDoesNotReachTheSimulators() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = browser.send(HttpRequest.newBuilder(URI.create(url("/login"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=sara&password=" + PASSWORD + "&_csrf=" + csrf.group(1)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(url("/sandbox/mailbox.json"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("signed in").isEqualTo(200);

        String key = UUID.randomUUID().toString();
        HttpResponse<String> planned = send(browser, HttpRequest.newBuilder(URI.create(url("/sandbox/commerce/failures")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"idempotencyKey\":\"" + key + "\",\"times\":1}")));

        assertThat(planned.statusCode()).isEqualTo(401);
        assertThat(postJson(url("/sandbox/commerce/orders"), ORDER, "Idempotency-Key", key, "Authorization", sara())
                .statusCode()).as("no failure was planned").isEqualTo(201);
    }

    private JsonNode order(String code) throws IOException {
        return json.readTree(get(url("/sandbox/commerce/orders/" + code), "Authorization", sara()).body());
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sara() {
        return basic("sara", PASSWORD);
    }
}
