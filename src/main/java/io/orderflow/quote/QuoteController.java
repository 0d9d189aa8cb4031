package io.orderflow.quote;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.web.ApiController;
import io.orderflow.web.Idempotency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@ApiController
@RequestMapping("/api/v1/quotes")
class QuoteController {

    private static final int ATTEMPTS = 5;

    private final QuoteService quotes;
    private final QuoteEventStream events;
    private final ObjectMapper json;

    QuoteController(QuoteService quotes, QuoteEventStream events, ObjectMapper json) {
        this.quotes = quotes;
        this.events = events;
        this.json = json;
    }

    record CreatedQuote(String quoteCode, String state, int version) {
    }

    record QuoteView(String quoteCode, String state, int version, String cartId, String customerId, String b2bUnitId,
            String country, String locale, String currency, List<LineView> lines, BigDecimal listValue,
            BigDecimal requestedDiscountPercent, BigDecimal offeredDiscountPercent, BigDecimal netValue,
            Integer validityDays, LocalDate lastValidDay, Instant offeredAt, Instant expiresAt, Instant inactivityReminderAt,
            Instant beforeExpiryReminderAt, Instant expiryDayReminderAt, String buyerComment, String sellerComment,
            String orderRequestId, String commerceOrderCode, List<String> allowedActions) {

        static QuoteView of(Quote quote) {
            boolean offered = quote.getOfferedDiscount() != null;
            return new QuoteView(quote.getCode(), quote.getState().name(), quote.getCurrentVersion(), quote.getCartId(),
                    quote.getCustomerId(), quote.getB2bUnitId(), quote.getCountry(), quote.getLocale(),
                    quote.getCurrency(), quote.getLines().stream().map(line -> new LineView(line.getSku(),
                            line.getQuantity(), line.getUnitPrice(), offered ? quote.discounted(line.getUnitPrice()) : null))
                            .toList(),
                    quote.listValue(), quote.getRequestedDiscount(), quote.getOfferedDiscount(),
                    offered ? quote.netValue() : null, quote.getValidityDays(), quote.getLastValidDay(),
                    quote.getOfferedAt(), quote.getExpiresAt(), quote.getInactivityReminderAt(),
                    quote.getBeforeExpiryReminderAt(), quote.getExpiryDayReminderAt(), quote.getBuyerComment(),
                    quote.getSellerComment(), quote.getOrderRequestId(), quote.getCommerceOrderCode(),
                    QuoteService.allowedActions(quote));
        }
    }

    record LineView(String sku, int quantity, BigDecimal unitPrice, BigDecimal offeredUnitPrice) {
    }

    record VersionView(int version, String reason, Instant createdAt, String createdBy, JsonNode snapshot) {
    }

    record AcceptRequest(@NotBlank @Size(max = 100) String userId, @Size(max = 100) String activeB2bUnitId) {
    }

    record Accepted(String orderRequestId) {
    }

    record BuyerRequest(@NotBlank @Size(max = 100) String userId, @Size(max = 2000) String reason,
            @Size(max = 2000) String comment) {
    }

    /**
     * The key is checked in the body, not with a constraint on the parameter: a constraint there switches Spring MVC
     * to method validation, whose exception bypasses the problem details of every invalid body field.
     */
    @PostMapping
    ResponseEntity<CreatedQuote> create(@RequestHeader("Idempotency-Key") String idempotencyKey,
            @Valid @RequestBody CreateQuoteRequest request) {
        Idempotency.checkKey(idempotencyKey);
        QuoteService.Created created;
        try {
            created = quotes.create(request, idempotencyKey);
        } catch (DataIntegrityViolationException raceOnSameKey) {
            created = quotes.createdMeanwhile(request, idempotencyKey);
        }
        Quote quote = created.quote();
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", "/api/v1/quotes/" + quote.getCode())
                .header("Idempotent-Replayed", String.valueOf(created.replayed()))
                .body(new CreatedQuote(quote.getCode(), quote.getState().name(), quote.getCurrentVersion()));
    }

    @GetMapping("/{code}")
    QuoteView get(@PathVariable String code) {
        return QuoteView.of(quotes.get(code));
    }

    @GetMapping("/{code}/versions")
    List<VersionView> versions(@PathVariable String code) {
        return quotes.versions(code).stream().map(this::view).toList();
    }

    @GetMapping("/{code}/versions/{version}")
    VersionView version(@PathVariable String code, @PathVariable int version) {
        return view(quotes.version(code, version));
    }

    @GetMapping(value = "/{code}/events", produces = "text/event-stream")
    SseEmitter events(@PathVariable String code,
            @RequestHeader(value = "Last-Event-ID", required = false) Long lastEventId) {
        quotes.get(code);
        return events.subscribe(code, lastEventId);
    }

    @PostMapping("/{code}/accept")
    Accepted accept(@PathVariable String code, @Valid @RequestBody AcceptRequest request) {
        return new Accepted(retryOnConflict(() -> quotes.accept(code, request.userId(), request.activeB2bUnitId())));
    }

    @PostMapping("/{code}/decline")
    QuoteView decline(@PathVariable String code, @Valid @RequestBody BuyerRequest request) {
        retryOnConflict(() -> {
            quotes.decline(code, request.userId(), request.reason());
            return null;
        });
        return QuoteView.of(quotes.get(code));
    }

    @PostMapping("/{code}/renegotiate")
    QuoteView renegotiate(@PathVariable String code, @Valid @RequestBody BuyerRequest request) {
        retryOnConflict(() -> {
            quotes.renegotiate(code, request.userId(), request.comment());
            return null;
        });
        return QuoteView.of(quotes.get(code));
    }

    /** A timer of the same quote may fire at the same moment; the engine then refuses one of the two, which retries. */
    static <T> T retryOnConflict(Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (OptimisticLockingException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private VersionView view(QuoteVersion version) {
        try {
            return new VersionView(version.getVersion(), version.getReason(), version.getCreatedAt(),
                    version.getCreatedBy(), json.readTree(version.getSnapshot()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable snapshot of " + version.getQuoteCode(), e);
        }
    }
}
