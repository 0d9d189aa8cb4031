package io.orderflow.integration.commerce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * Builds the requests of the Camunda Connect {@code http-connector} calls to commerce, as the BPMN's input
 * parameters ({@code ${commerceRequests...}}): URLs from configuration, the idempotency key, the JSON payload.
 */
@Component("commerceRequests")
public class CommerceRequests {

    static final Set<String> ORDER_ACTIONS = Set.of("hold", "release", "cancel");

    private final CommerceProperties properties;
    private final CommerceOrderSource orders;
    private final ObjectMapper json;

    CommerceRequests(CommerceProperties properties, CommerceOrderSource orders, ObjectMapper json) {
        this.properties = properties;
        this.orders = orders;
        this.json = json;
    }

    public String createOrderUrl() {
        return properties.baseUrl() + "/orders";
    }

    public String orderActionUrl(String orderCode, String action) {
        if (!ORDER_ACTIONS.contains(action)) {
            throw new IllegalArgumentException("Unknown commerce order action " + action);
        }
        return properties.baseUrl() + "/orders/" + URLEncoder.encode(orderCode, StandardCharsets.UTF_8) + "/" + action;
    }

    public String customerMasterUrl(String orderCode) {
        return properties.baseUrl() + "/orders/" + URLEncoder.encode(orderCode, StandardCharsets.UTF_8) + "/customer-master";
    }

    /**
     * Every call carries the order request id as idempotency key, so a retried call changes commerce once. The
     * credentials are set as the call leaves ({@code ConnectAuthentication}).
     */
    public Map<String, String> headers(String idempotencyKey) {
        return Map.of("Content-Type", "application/json", "Accept", "application/json", "Idempotency-Key", idempotencyKey);
    }

    public String createOrderPayload(String orderRequestId) {
        try {
            return json.writeValueAsString(orders.commerceOrder(orderRequestId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the commerce order of " + orderRequestId, e);
        }
    }

    public String emptyPayload() {
        return "{}";
    }

    /** Timeouts of the Apache HttpClient behind the connector, in milliseconds (option names of Connect 7.23). */
    public Map<String, Object> requestConfig() {
        return Map.of("connection-timeout", (int) properties.connectTimeout().toMillis(),
                "socket-timeout", (int) properties.readTimeout().toMillis());
    }
}
