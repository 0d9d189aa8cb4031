package io.orderflow.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.orderflow.country.CountrySettings;
import io.orderflow.integration.commerce.CommerceClient;
import io.orderflow.integration.commerce.CommerceCustomer;
import io.orderflow.integration.commerce.CommerceOrderRequest;
import io.orderflow.integration.commerce.CommerceOrderSource;
import io.orderflow.notification.Formats;
import io.orderflow.tasks.TaskSubject;
import io.orderflow.notification.Notification;
import io.orderflow.notification.NotificationService;
import io.orderflow.order.OrderProcess.Messages;
import io.orderflow.order.OrderProcess.Variables;
import io.orderflow.quote.Buyers;
import io.orderflow.quote.Quote;
import io.orderflow.quote.QuoteService;
import io.orderflow.sales.SalesEvents;
import io.orderflow.web.ApiException;
import io.orderflow.web.Idempotency;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Orders handed to commerce: placed by the checkout or converted from a quote. */
@Service
public class OrderService implements CommerceOrderSource {

    static final String RELEASED_MAIL = "order-released";
    static final String CANCELLED_MAIL = "order-cancelled";

    /** @param replayed true when the idempotency key had already placed this order */
    public record Placed(OrderRequest order, boolean replayed) {
    }

    private final OrderRequestRepository orders;
    private final QuoteService quotes;
    private final CommerceClient commerce;
    private final NotificationService notifications;
    private final CountrySettings countries;
    private final OrderProperties properties;
    private final RuntimeService runtimeService;
    private final Idempotency idempotency;
    private final Buyers buyers;
    private final SalesEvents sales;
    private final Clock clock;

    OrderService(OrderRequestRepository orders, QuoteService quotes, CommerceClient commerce,
            NotificationService notifications, CountrySettings countries, OrderProperties properties,
            RuntimeService runtimeService, Idempotency idempotency, Buyers buyers, SalesEvents sales,
            Clock clock) {
        this.orders = orders;
        this.quotes = quotes;
        this.commerce = commerce;
        this.notifications = notifications;
        this.countries = countries;
        this.properties = properties;
        this.runtimeService = runtimeService;
        this.idempotency = idempotency;
        this.buyers = buyers;
        this.sales = sales;
        this.clock = clock;
    }

    /** Stores the order and starts {@code order-handoff} in one transaction; the same key finds the same order. */
    @Transactional
    public Placed place(PlaceOrderRequest request, String idempotencyKey) {
        String fingerprint = idempotency.fingerprint(request);
        Optional<OrderRequest> existing = orders.findByIdempotencyKey(idempotencyKey);
        if (existing.isPresent()) {
            idempotency.checkReplay(idempotencyKey, existing.get().getRequestHash(), fingerprint);
            return new Placed(existing.get(), true);
        }
        if (request.quoteCode() != null) {
            throw ApiException.badRequest("quoteCode", PlaceOrderRequest.NO_QUOTE_CODE);
        }
        countries.checkSale(request.country(), request.currency(),
                request.items().stream().map(PlaceOrderRequest.Item::sku).toList());
        buyers.check(request.customerId(), request.b2bUnitId());
        List<OrderLine> lines = request.items().stream()
                .map(item -> new OrderLine(item.sku(), item.quantity(), item.unitPrice())).toList();
        OrderRequest order = orders.save(new OrderRequest(idempotency.newCode("OR-", 12), null,
                request.cartId(), request.customerId(), request.b2bUnitId(), request.country(), request.currency(), lines,
                idempotencyKey, fingerprint, clock.instant()));
        tell(order, order.getState().salesEvent(), order.getCreatedAt());
        runtimeService.startProcessInstanceByMessage(Messages.ORDER_PLACED, order.getId(),
                Map.of(Variables.ORDER_REQUEST_ID, order.getId()));
        return new Placed(order, false);
    }

    @Transactional(readOnly = true)
    public Placed placedMeanwhile(PlaceOrderRequest request, String idempotencyKey) {
        OrderRequest order = orders.findByIdempotencyKey(idempotencyKey).orElseThrow();
        idempotency.checkReplay(idempotencyKey, order.getRequestHash(), idempotency.fingerprint(request));
        return new Placed(order, true);
    }

    /** The accepted quote decides customer, B2B unit and prices of the order. */
    @Transactional
    public void registerFromQuote(String orderRequestId, String quoteCode) {
        if (orders.existsById(orderRequestId)) {
            return;
        }
        Quote quote = quotes.get(quoteCode);
        List<OrderLine> lines = quote.getLines().stream()
                .map(line -> new OrderLine(line.getSku(), line.getQuantity(), quote.discounted(line.getUnitPrice())))
                .toList();
        OrderRequest order = orders.save(new OrderRequest(orderRequestId, quoteCode, quote.getCartId(),
                quote.getCustomerId(), quote.getB2bUnitId(), quote.getCountry(), quote.getCurrency(), lines,
                orderRequestId, idempotency.fingerprint(quoteCode), clock.instant()));
        tell(order, order.getState().salesEvent(), order.getCreatedAt());
    }

    @Override
    @Transactional(readOnly = true)
    public CommerceOrderRequest commerceOrder(String orderRequestId) {
        OrderRequest order = get(orderRequestId);
        return new CommerceOrderRequest(order.getId(), order.getCustomerId(), order.getB2bUnitId(), order.getCurrency(),
                order.getQuoteCode(), order.getLines().stream()
                        .map(line -> new CommerceOrderRequest.Line(line.getSku(), line.getQuantity(), line.getUnitPrice()))
                        .toList());
    }

    /** The order exists in commerce: remembered here, and a quote it came from is now ORDERED. */
    @Transactional
    public void created(String orderRequestId, String commerceOrderCode) {
        OrderRequest order = get(orderRequestId);
        order.created(commerceOrderCode);
        tell(order, "created", clock.instant());
        if (order.getQuoteCode() != null) {
            quotes.markOrdered(order.getQuoteCode(), commerceOrderCode);
        }
    }

    /** Asks commerce for the customer's validation status and keeps the buyer's contact for the order's mails. */
    @Transactional
    public String customerValidationStatus(String orderRequestId) {
        OrderRequest order = get(orderRequestId);
        CommerceCustomer customer = commerce.customer(order.getCustomerId());
        order.buyer(customer.email(), customer.name(), customer.locale());
        return customer.validationStatus();
    }

    @Transactional(readOnly = true)
    public String highestProductClass(String orderRequestId) {
        List<String> ranking = properties.classRanking();
        return get(orderRequestId).getLines().stream()
                .map(line -> properties.productClasses().getOrDefault(line.getSku(), ranking.get(ranking.size() - 1)))
                .max(Comparator.comparingInt(ranking::indexOf))
                .orElseThrow();
    }

    @Transactional
    public void moveTo(String orderRequestId, OrderState state, Boolean kycRequired, Boolean approvalRequired) {
        OrderRequest order = get(orderRequestId);
        if (kycRequired != null && approvalRequired != null) {
            order.decided(kycRequired, approvalRequired);
        }
        move(order, state);
    }

    /** The order failed; a reason back office gave when giving it up is kept. */
    @Transactional
    public void failed(String orderRequestId, String reason) {
        OrderRequest order = get(orderRequestId);
        if (order.getDecisionReason() == null) {
            order.validation(order.getValidationState(), reason);
        }
        move(order, OrderState.FAILED);
    }

    /** Commerce refused a hold, release or cancellation of the order: back office decides what happens. */
    /** @return when back office should have resolved the refusal */
    @Transactional
    public Instant commerceRefused(String orderRequestId) {
        return move(get(orderRequestId), OrderState.COMMERCE_REFUSED).plus(properties.refusalDue());
    }

    @Transactional(readOnly = true)
    public String refusalSummary(String orderRequestId, String call, String answer) {
        OrderRequest order = get(orderRequestId);
        return "Order request: " + order.getId() + "\nCommerce order: " + order.getCommerceOrderCode()
                + "\nCustomer: " + order.getCustomerId() + " (B2B unit " + order.getB2bUnitId() + ", " + order.getCountry()
                + ")\nValue: " + order.value().toPlainString() + ' ' + order.getCurrency()
                + (order.getQuoteCode() != null ? "\nQuote: " + order.getQuoteCode() : "")
                + "\nRefused call: " + call
                + "\nCommerce answered: " + (answer == null ? "(nothing)" : answer);
    }

    @Transactional
    public void refusedCallRetried(String orderRequestId) {
        move(get(orderRequestId), OrderState.RETRYING);
    }

    /** Back office gave the refused call up; its reason is what the buyer is told when the order is cancelled. */
    @Transactional
    public void refusedCallGivenUp(String orderRequestId, String reason) {
        OrderRequest order = get(orderRequestId);
        order.validation(order.getValidationState(), reason);
    }

    @Transactional
    public void validated(String orderRequestId, String outcome, String reason) {
        get(orderRequestId).validation(outcome, reason);
    }

    @Transactional
    public void notifyBuyer(String orderRequestId, boolean released) {
        OrderRequest order = get(orderRequestId);
        Locale locale = Locale.forLanguageTag(order.getBuyerLocale() != null ? order.getBuyerLocale()
                : countries.country(order.getCountry()).locale().toLanguageTag());
        Map<String, Object> model = new HashMap<>();
        model.put("buyerName", order.getBuyerName() != null ? order.getBuyerName() : order.getCustomerId());
        model.put("orderCode", order.getCommerceOrderCode());
        model.put("quoteCode", order.getQuoteCode());
        model.put("orderValue", Formats.money(order.value(), order.getCurrency(), locale));
        model.put("reason", order.getDecisionReason());
        notifications.enqueue(new Notification(released ? RELEASED_MAIL : CANCELLED_MAIL, locale, order.getBuyerEmail(),
                order.getId(), model));
    }

    @Transactional(readOnly = true)
    public OrderRequest get(String orderRequestId) {
        return orders.findById(orderRequestId).orElseThrow(() -> ApiException.notFound("Order request", orderRequestId));
    }

    /** By order request id, commerce order code or the quote it came from. */
    @Transactional(readOnly = true)
    public Optional<OrderRequest> find(String key) {
        return orders.findById(key).or(() -> orders.findFirstByCommerceOrderCode(key))
                .or(() -> orders.findFirstByQuoteCode(key));
    }

    /**
     * What a task of an order is about, as Tasklist lists it: the commerce order code (the request id before there is
     * one), the buyer and their organisation, the order value; empty for a key that names no order.
     */
    @Transactional(readOnly = true)
    public Optional<String> taskSubject(String key) {
        return find(key).map(order -> TaskSubject.join(
                order.getCommerceOrderCode() != null ? order.getCommerceOrderCode() : order.getId(),
                (order.getBuyerName() != null ? order.getBuyerName() : order.getCustomerId()) + " (" + order.getB2bUnitId() + ")",
                Formats.money(order.value(), order.getCurrency(), countries.country(order.getCountry()).locale())));
    }

    @Transactional(readOnly = true)
    public List<OrderRequest> ofCustomer(String customerId) {
        return orders.findTop50ByCustomerIdOrderByCreatedAtDesc(customerId);
    }

    @Transactional(readOnly = true)
    public BigDecimal value(String orderRequestId) {
        return get(orderRequestId).value();
    }

    /** Moves the order to {@code state}; the sales system hears of each change. Returns the time of the move. */
    private Instant move(OrderRequest order, OrderState state) {
        Instant now = clock.instant();
        OrderState previous = order.getState();
        order.moveTo(state, now);
        if (previous != state) {
            tell(order, state.salesEvent(), now);
        }
        return now;
    }

    /** The order as the sales system sees it. */
    private void tell(OrderRequest order, String event, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderRequestId", order.getId());
        data.put("state", order.getState().name());
        data.put("quoteCode", order.getQuoteCode());
        data.put("commerceOrderCode", order.getCommerceOrderCode());
        data.put("customerId", order.getCustomerId());
        data.put("b2bUnitId", order.getB2bUnitId());
        data.put("country", order.getCountry());
        data.put("currency", order.getCurrency());
        data.put("value", order.value());
        data.put("kycRequired", order.getKycRequired());
        data.put("approvalRequired", order.getApprovalRequired());
        data.put("validation", order.getValidationState());
        data.put("decisionReason", order.getDecisionReason());
        data.values().removeIf(Objects::isNull);
        sales.record(SalesEvents.ORDER, event, order.getId(), data, at);
    }
}
