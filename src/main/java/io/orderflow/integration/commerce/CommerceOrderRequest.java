package io.orderflow.integration.commerce;

import java.math.BigDecimal;
import java.util.List;

public record CommerceOrderRequest(String orderRequestId, String customerId, String b2bUnitId, String currency,
        String quoteCode, List<Line> lines) {

    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }
}
