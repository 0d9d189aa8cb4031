package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What arrives at the edge malformed is answered with a problem naming what is wrong, never a 500 or a page in
 * another format, and nothing is stored.
 */
class EdgeRequestsTest extends IntegrationTest {

    private static final String QUOTE = "{\"cartId\":\"CART\",\"customerId\":\"anna.schmidt\",\"b2bUnitId\":\"DE-UNIKLINIK\","
            + "\"country\":\"DE\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-CAP-200\",\"quantity\":1,"
            + "\"unitPrice\":45000.00}],\"requestedDiscountPercent\":DISCOUNT}";

    @Value("${orderflow.reltio.callback-secret}")
    String callbackSecret;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void wildcardOrTextContentTypeIsRefusedAsUnsupportedNamingTheHeader() {
        for (String type : new String[] {"application/*", "text/plain"}) {
            HttpResponse<String> response = postQuote(type, quote("cart-" + UUID.randomUUID(), "18"));

            assertProblem(response, 415, "Content-Type");
        }
    }

    @Test
    void nulCharacterInAStringIsRefusedNamingTheFieldAndNothingIsStored() {
        String cart = "cart-" + UUID.randomUUID();
        HttpResponse<String> response = postQuote("application/json", quote(cart + "\\u0000x", "18"));

        assertProblem(response, 400, "cartId");
        assertThat(jdbc.queryForObject("select count(*) from quote where cart_id like ?", Long.class, cart + "%")).isZero();
    }

    @Test
    void callbackSignedWithATimestampBeyondAnyDateIsRefusedAsOutsideTheWindow() throws Exception {
        String body = "{\"requestId\":\"r-" + UUID.randomUUID() + "\",\"status\":\"MATCH\"}";
        long t = Long.MAX_VALUE;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(callbackSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> response = HttpCalls.postJson(url("/api/v1/callbacks/reltio"), body,
                "X-Signature", "t=" + t + ",v1=" + signature);

        assertProblem(response, 401, "X-Signature");
        assertThat(response.body()).contains("outside the accepted window");
    }

    @Test
    void notANumberAsAPriceIsRefusedNamingTheField() {
        HttpResponse<String> response = postQuote("application/json",
                quote("cart-" + UUID.randomUUID(), "18").replace("45000.00", "NaN"));

        assertProblem(response, 400, "items[0].unitPrice");
    }

    @Test
    void numberTooLongToReadIsRefusedNamingTheField() {
        HttpResponse<String> response = postQuote("application/json",
                quote("cart-" + UUID.randomUUID(), "18").replace("45000.00", "9".repeat(5000)));

        assertProblem(response, 400, "items[0].unitPrice");
    }

    @Test
    void numberTooLongInAnOrderIsRefusedNamingTheField() {
        String order = "{\"cartId\":\"cart-" + UUID.randomUUID() + "\",\"customerId\":\"jens.weber\",\"b2bUnitId\":\"DE-UNIKLINIK\","
                + "\"country\":\"DE\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-CONS-100\",\"quantity\":"
                + "1".repeat(5000) + ",\"unitPrice\":120.00}]}";
        HttpResponse<String> response = HttpCalls.send(apiRequest("/api/v1/orders", "application/json", order));

        assertProblem(response, 400, "items[0].quantity");
    }

    @Test
    void headersLargerThanTheServerReadsAreAnsweredAsAProblem() {
        HttpRequest.Builder request = apiRequest("/api/v1/quotes", "application/json", quote("cart-" + UUID.randomUUID(), "18"));
        HttpResponse<String> response = HttpCalls.send(request.setHeader("Idempotency-Key", "k".repeat(10 * 1024)));

        assertProblem(response, 400, "headers");
        assertThat(response.body()).contains("too large").doesNotContain("Tomcat");
    }

    @Test
    void encodedNulInThePathIsAnsweredAsAProblem() {
        HttpResponse<String> response = HttpCalls.get(url("/api/v1/quotes/%00"), "X-Api-Key", "sandbox-checkout-key");

        assertProblem(response, 400, "path");
        assertThat(response.body()).doesNotContain("Tomcat");
    }

    private static String quote(String cartId, String discount) {
        return QUOTE.replace("CART", cartId).replace("DISCOUNT", discount);
    }

    private HttpResponse<String> postQuote(String contentType, String body) {
        return HttpCalls.send(apiRequest("/api/v1/quotes", contentType, body));
    }

    private HttpRequest.Builder apiRequest(String path, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", contentType).header("X-Api-Key", "sandbox-checkout-key")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }
}
