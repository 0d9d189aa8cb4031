package io.orderflow.integration.commerce;

public record CommerceOrder(String orderCode, String status) {
}
