package io.orderflow.quote;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What an archived version holds: the quote as the buyer saw it then. */
public record QuoteSnapshot(String quoteCode, int version, String state, String customerId, String b2bUnitId,
        String country, String currency, List<Line> lines, BigDecimal listValue, BigDecimal requestedDiscountPercent,
        BigDecimal offeredDiscountPercent, BigDecimal netValue, Integer validityDays, LocalDate lastValidDay,
        Instant expiresAt, String buyerComment, String sellerComment) {

    public record Line(String sku, int quantity, BigDecimal unitPrice, BigDecimal listValue) {
    }

    static QuoteSnapshot of(Quote quote) {
        return new QuoteSnapshot(quote.getCode(), quote.getCurrentVersion(), quote.getState().name(),
                quote.getCustomerId(), quote.getB2bUnitId(), quote.getCountry(), quote.getCurrency(),
                quote.getLines().stream().map(l -> new Line(l.getSku(), l.getQuantity(), l.getUnitPrice(), l.listValue())).toList(),
                quote.listValue(), quote.getRequestedDiscount(), quote.getOfferedDiscount(),
                quote.getOfferedDiscount() != null ? quote.netValue() : null, quote.getValidityDays(),
                quote.getLastValidDay(), quote.getExpiresAt(), quote.getBuyerComment(), quote.getSellerComment());
    }
}
