package io.orderflow.quote;

import static io.orderflow.quote.QuoteSteps.germanRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.Contracts;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.order.OrderState;
import io.orderflow.quote.QuoteProcess.Values;
import io.orderflow.sales.SalesSync;
import io.orderflow.sales.WebhookSignatures;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sales system hears the whole story of a quote and its order, in order, once: the sandbox's simulated sales
 * system (a signed webhook receiver) records what the application delivered.
 */
class QuoteSalesEventsTest extends IntegrationTest {

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    SalesSync sales;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;
    @Value("${orderflow.sales.webhook.secret}")
    String secret;

    QuoteSteps steps;

    @BeforeEach
    void steps() {
        steps = new QuoteSteps(port, runtimeService, managementService);
    }

    @Test
    void everyEventOfAQuoteAndItsOrderReachesTheSalesSystemInOrderAndOnce() {
        ObjectNode request = germanRequest();
        request.put("customerId", "jens.weber");
        String code = steps.offeredQuote(request);
        HttpResponse<String> accepted = steps.buyerAction(code, Values.ACCEPT, Map.of("userId", "jens.weber"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        steps.executeDueJobs(steps.processInstanceId(code));
        JsonNode quote = steps.quote(code);
        assertThat(quote.path("state").asText()).isEqualTo("ORDERED");
        String orderRequestId = quote.path("orderRequestId").asText();

        while (sales.deliverDue(clock.instant()) > 0) {
            // each pass delivers the next event of every key
        }

        List<JsonNode> quoteEvents = received(code);
        assertThat(quoteEvents).extracting(event -> event.path("type").asText()).containsExactly(
                "orderflow.quote.requested", "orderflow.quote.in-review", "orderflow.quote.approval-requested",
                "orderflow.quote.approved", "orderflow.quote.offered", "orderflow.quote.accepted",
                "orderflow.quote.ordered");
        assertThat(quoteEvents).allSatisfy(event -> assertThat(event.path("deliveries").asInt()).isEqualTo(1));
        JsonNode offered = quoteEvents.get(4).path("data");
        assertThat(offered.path("code").asText()).isEqualTo(code);
        assertThat(offered.path("state").asText()).isEqualTo("OFFERED");
        assertThat(offered.path("previousState").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(offered.path("actor").asText()).isEqualTo("mike");
        assertThat(offered.path("offeredDiscountPercent").decimalValue()).isEqualByComparingTo("18");
        assertThat(offered.path("country").asText()).isEqualTo("DE");
        // amounts as the quote keeps them, with their currency's two decimals (not 1.2E+3 for 1200.00)
        assertThat(jdbc.queryForObject("select body from sales_event where business_key = ? and event_type = ?",
                String.class, code, "orderflow.quote.offered"))
                .containsPattern("\"listValue\":\\d+\\.\\d{2}[,}]").containsPattern("\"netValue\":\\d+\\.\\d{2}[,}]");
        assertThat(quoteEvents.get(6).path("data").path("commerceOrderCode").asText())
                .isEqualTo(quote.path("commerceOrderCode").asText());

        List<String> orderEvents = received(orderRequestId).stream().map(event -> event.path("type").asText()).toList();
        assertThat(orderEvents).startsWith("orderflow.order.placed", "orderflow.order.created");
        String orderState = jdbc.queryForObject("select state from order_request where id = ?", String.class,
                orderRequestId);
        assertThat(orderEvents).last().isEqualTo("orderflow.order." + OrderState.valueOf(orderState).salesEvent());

        assertThat(jdbc.queryForObject("select count(*) from sales_event where business_key in (?, ?)"
                + " and status <> 'DELIVERED'", Integer.class, code, orderRequestId)).isZero();

        // each as the sales system's contract describes it
        WebhookSignatures signatures = new WebhookSignatures(secret);
        for (Map<String, Object> event : jdbc.queryForList("select event_id, body from sales_event"
                + " where business_key in (?, ?) order by id", code, orderRequestId)) {
            String id = (String) event.get("event_id");
            String body = (String) event.get("body");
            Map<String, String> headers = new LinkedHashMap<>(signatures.headers(id, Instant.now(), body));
            headers.put("Content-Type", "application/cloudevents+json; charset=UTF-8");
            Contracts.SALES.assertRequest("POST", "/", headers, body);
        }
    }

    /** What the sandbox's sales system received for one quote or order, oldest first. */
    private List<JsonNode> received(String subject) {
        HttpResponse<String> response = HttpCalls.get(url("/sandbox/sales.json?subject=" + subject),
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        QuoteSteps.read(response).forEach(events::add);
        Collections.reverse(events);
        return events;
    }
}
