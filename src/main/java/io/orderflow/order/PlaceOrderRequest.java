package io.orderflow.order;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/orders}: an order placed without a quote. An order for a quote is placed by accepting the quote
 * ({@code POST /api/v1/quotes/{code}/accept}), which takes customer, B2B unit and prices from the quote; a
 * {@code quoteCode} here is refused.
 */
public record PlaceOrderRequest(
        @NotBlank @Size(max = 100) String cartId,
        @NotBlank @Size(max = 100) String customerId,
        @NotBlank @Size(max = 100) String b2bUnitId,
        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
        @NotEmpty @Size(max = 200) List<@Valid @NotNull Item> items,
        @Null(message = PlaceOrderRequest.NO_QUOTE_CODE) String quoteCode) {

    static final String NO_QUOTE_CODE = "must be absent: an order for a quote is placed by accepting the quote "
            + "(POST /api/v1/quotes/{code}/accept)";

    public record Item(
            @NotBlank @Size(max = 100) String sku,
            @NotNull @Min(1) @Max(100000) Integer quantity,
            @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 15, fraction = 2) BigDecimal unitPrice) {
    }
}
