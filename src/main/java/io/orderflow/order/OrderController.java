package io.orderflow.order;

import java.math.BigDecimal;
import java.time.Instant;

import io.orderflow.web.ApiController;
import io.orderflow.web.Idempotency;
import jakarta.validation.Valid;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;

@ApiController
@RequestMapping("/api/v1/orders")
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    record Placed(String orderRequestId) {
    }

    record OrderView(String orderRequestId, String state, String commerceOrderCode, String quoteCode, String customerId,
            String b2bUnitId, String country, String currency, BigDecimal value, Boolean kycRequired,
            Boolean approvalRequired, String validationState, Instant createdAt, Instant updatedAt) {

        static OrderView of(OrderRequest order) {
            return new OrderView(order.getId(), order.getState().name(), order.getCommerceOrderCode(),
                    order.getQuoteCode(), order.getCustomerId(), order.getB2bUnitId(), order.getCountry(),
                    order.getCurrency(), order.value(), order.getKycRequired(), order.getApprovalRequired(),
                    order.getValidationState(), order.getCreatedAt(), order.getUpdatedAt());
        }
    }

    @PostMapping
    ResponseEntity<Placed> place(@RequestHeader("Idempotency-Key") String idempotencyKey,
            @Valid @RequestBody PlaceOrderRequest request) {
        Idempotency.checkKey(idempotencyKey);
        OrderService.Placed placed;
        try {
            placed = orders.place(request, idempotencyKey);
        } catch (DataIntegrityViolationException raceOnSameKey) {
            placed = orders.placedMeanwhile(request, idempotencyKey);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/v1/orders/" + placed.order().getId())
                .header("Idempotent-Replayed", String.valueOf(placed.replayed()))
                .body(new Placed(placed.order().getId()));
    }

    @GetMapping("/{orderRequestId}")
    OrderView get(@PathVariable String orderRequestId) {
        return OrderView.of(orders.get(orderRequestId));
    }
}
