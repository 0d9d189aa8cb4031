package io.orderflow.quote;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/quotes}: a cart for which the checkout asks a discounted quote. */
public record CreateQuoteRequest(
        @NotBlank @Size(max = 100) String cartId,
        @NotBlank @Size(max = 100) String customerId,
        @NotBlank @Size(max = 100) String b2bUnitId,
        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
        @Pattern(regexp = "[a-z]{2}([-_][A-Z]{2})?", message = "must be a language tag such as de or de-DE") String locale,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
        @NotEmpty @Size(max = 200) List<@Valid @NotNull Item> items,
        @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal requestedDiscountPercent,
        @Size(max = 2000) String buyerComment) {

    public record Item(
            @NotBlank @Size(max = 100) String sku,
            @NotNull @Min(1) @Max(100000) Integer quantity,
            @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 15, fraction = 2) BigDecimal unitPrice) {
    }
}
