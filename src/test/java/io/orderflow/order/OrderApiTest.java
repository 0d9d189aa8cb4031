package io.orderflow.order;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import io.orderflow.quote.CreateQuoteRequest;
import io.orderflow.quote.Quote;
import io.orderflow.quote.QuoteService;
import io.orderflow.quote.QuoteState;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST /api/v1/orders} over real HTTP: what can be checked is checked before the answer, so a request that
 * would only end in an incident is refused and nothing is stored or started.
 */
class OrderApiTest extends IntegrationTest {

    static final String API_KEY = "sandbox-checkout-key";

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    QuoteService quotes;
    @Autowired
    JdbcTemplate jdbc;

    final ObjectMapper json = new ObjectMapper();
    ProcessDriver driver;

    @BeforeEach
    void setUp() {
        driver = new ProcessDriver(managementService, runtimeService);
    }

    @Test
    void anyQuoteCodeIsRefusedNamingItBecauseAQuoteIsOrderedByAcceptingIt() {
        for (String quoteCode : new String[] {"", "   ", "Q-UNKNOWN1"}) {
            ObjectNode request = order("emily.clark", "US-MERCY");
            request.put("quoteCode", quoteCode);

            assertRefusedAndNothingStarted(request, 400, "quoteCode");
        }
    }

    @Test
    void anotherCustomersOrderedQuoteCannotBeRePointedToANewOrder() throws Exception {
        Quote quote = quotes.create(new CreateQuoteRequest("cart-" + UUID.randomUUID(), "emily.clark", "US-MERCY", "US",
                null, "USD", List.of(new CreateQuoteRequest.Item("SKU-CONS-100", 10, new BigDecimal("120.00"))),
                new BigDecimal("10"), null), UUID.randomUUID().toString()).quote();
        String orderRequestId = "OR-API-" + quote.getCode();
        ProcessInstance handoff = runtimeService.startProcessInstanceByKey(OrderProcess.KEY, orderRequestId,
                Map.of(OrderProcess.Variables.ORDER_REQUEST_ID, orderRequestId, OrderProcess.Variables.QUOTE_CODE, quote.getCode()));
        driver.drain(handoff.getId());
        Quote ordered = quotes.get(quote.getCode());
        assertThat(ordered.getState()).isEqualTo(QuoteState.ORDERED);

        ObjectNode request = order("noah.miller", "US-MERCY");
        request.put("quoteCode", quote.getCode());
        assertRefusedAndNothingStarted(request, 400, "quoteCode");

        assertThat(quotes.get(quote.getCode()).getCommerceOrderCode()).isEqualTo(ordered.getCommerceOrderCode());
    }

    @Test
    void unknownCustomerIsRefusedNamingTheField() {
        assertRefusedAndNothingStarted(order("nobody.known", "US-MERCY"), 422, "customerId");
    }

    @Test
    void customerOutsideTheB2bUnitIsRefusedNamingTheUnit() {
        assertRefusedAndNothingStarted(order("noah.miller", "DE-UNIKLINIK"), 422, "b2bUnitId");
    }

    @Test
    void commerceUnreachableAtIntakeIsAnsweredUnavailableWithRetryAfterAndTheSameRequestWorksLater() throws Exception {
        ObjectNode request = order("emily.clark", "US-MERCY");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> planned = postJson(url("/sandbox/commerce/failures"),
                "{\"times\":1,\"mode\":\"error\",\"action\":\"customer\"}", "Authorization", basic("sara", PASSWORD));
        assertThat(planned.statusCode()).isEqualTo(201);
        long before = orderRows();

        HttpResponse<String> unavailable = post(request, key);

        assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(orderRows()).isEqualTo(before);

        HttpResponse<String> later = post(request, key);
        assertThat(later.statusCode()).as(later.body()).isEqualTo(202);
        assertThat(later.headers().firstValue("Idempotent-Replayed")).hasValue("false");
    }

    /** An order request is inserted with its lines in one write, not read first and merged. */
    @Test
    void anOrderRequestIsWrittenOnce() {
        HttpResponse<String> accepted = post(order("emily.clark", "US-MERCY"), UUID.randomUUID().toString());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select row_version from order_request where id = ?", Long.class,
                read(accepted).path("orderRequestId").asText())).as("updates of the order request's row").isZero();
    }

    private void assertRefusedAndNothingStarted(ObjectNode request, int status, String field) {
        long rows = orderRows();
        long instances = runtimeService.createProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY).count();

        HttpResponse<String> response = post(request, UUID.randomUUID().toString());

        assertThat(response.statusCode()).as(request + " -> " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = read(response);
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactly(field);
        assertThat(orderRows()).as("nothing stored").isEqualTo(rows);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY).count())
                .as("nothing started").isEqualTo(instances);
    }

    private long orderRows() {
        return jdbc.queryForObject("select count(*) from order_request", Long.class);
    }

    private HttpResponse<String> post(ObjectNode request, String key) {
        return postJson(url("/api/v1/orders"), request.toString(), "X-Api-Key", API_KEY, "Idempotency-Key", key);
    }

    private JsonNode read(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private ObjectNode order(String customer, String unit) {
        ObjectNode request = json.createObjectNode();
        request.put("cartId", "cart-" + UUID.randomUUID());
        request.put("customerId", customer);
        request.put("b2bUnitId", unit);
        request.put("country", "US");
        request.put("currency", "USD");
        ObjectNode item = request.putArray("items").addObject();
        item.put("sku", "SKU-CONS-100");
        item.put("quantity", 1);
        item.put("unitPrice", new BigDecimal("120.00"));
        return request;
    }
}
