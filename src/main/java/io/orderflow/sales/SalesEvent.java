package io.orderflow.sales;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event for the sales system as stored: its CloudEvents 1.0 structured JSON {@code body} is written once, so every
 * attempt sends the same bytes.
 *
 * @param id          the CloudEvents {@code id}, also the Standard Webhooks {@code webhook-id}
 * @param type        e.g. {@code orderflow.quote.offered}
 * @param businessKey the CloudEvents {@code subject}: the quote code, or the order request id
 */
public record SalesEvent(String id, String type, String businessKey, Instant time, String body, JsonNode data) {

    /** The kind of business object the event is about: {@code quote}, {@code order} or {@code validation}. */
    public String kind() {
        String[] parts = type.split("\\.");
        return parts.length == 3 ? parts[1] : type;
    }
}
