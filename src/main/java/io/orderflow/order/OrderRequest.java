package io.orderflow.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An order the application hands to commerce: placed by the checkout or converted from an accepted quote. */
@Entity
@Table(name = "order_request")
public class OrderRequest {

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OrderState state;

    @Column(name = "quote_code")
    private String quoteCode;

    @Column(name = "cart_id", nullable = false)
    private String cartId;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(name = "b2b_unit_id", nullable = false)
    private String b2bUnitId;

    @Column(nullable = false)
    private String country;

    @Column(nullable = false)
    private String currency;

    @Column(name = "commerce_order_code")
    private String commerceOrderCode;

    @Column(name = "buyer_email")
    private String buyerEmail;

    @Column(name = "buyer_name")
    private String buyerName;

    @Column(name = "buyer_locale")
    private String buyerLocale;

    @Column(name = "validation_state")
    private String validationState;

    @Column(name = "kyc_required")
    private Boolean kycRequired;

    @Column(name = "approval_required")
    private Boolean approvalRequired;

    @Column(name = "decision_reason")
    private String decisionReason;

    @Column(name = "idempotency_key", nullable = false, updatable = false)
    private String idempotencyKey;

    @Column(name = "request_hash", nullable = false, updatable = false)
    private String requestHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** None until stored: with its id given, this is how a new one is inserted rather than read first and merged. */
    @Version
    @Column(name = "row_version", nullable = false)
    private Long rowVersion;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_request_line", joinColumns = @JoinColumn(name = "order_request_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLine> lines = new ArrayList<>();

    protected OrderRequest() {
    }

    OrderRequest(String id, String quoteCode, String cartId, String customerId, String b2bUnitId, String country,
            String currency, List<OrderLine> lines, String idempotencyKey, String requestHash, Instant now) {
        this.id = id;
        this.state = OrderState.CREATING;
        this.quoteCode = quoteCode;
        this.cartId = cartId;
        this.customerId = customerId;
        this.b2bUnitId = b2bUnitId;
        this.country = country;
        this.currency = currency;
        this.lines = new ArrayList<>(lines);
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public BigDecimal value() {
        return lines.stream().map(OrderLine::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    void moveTo(OrderState next, Instant now) {
        state = next;
        updatedAt = now;
    }

    void created(String orderCode) {
        commerceOrderCode = orderCode;
    }

    void buyer(String email, String name, String locale) {
        buyerEmail = email;
        buyerName = name;
        buyerLocale = locale;
    }

    void decided(boolean kyc, boolean approval) {
        kycRequired = kyc;
        approvalRequired = approval;
    }

    void validation(String newValidationState, String reason) {
        validationState = newValidationState;
        decisionReason = reason;
    }

    public String getId() {
        return id;
    }

    public OrderState getState() {
        return state;
    }

    public String getQuoteCode() {
        return quoteCode;
    }

    public String getCartId() {
        return cartId;
    }

    public String getCustomerId() {
        return customerId;
    }

    public String getB2bUnitId() {
        return b2bUnitId;
    }

    public String getCountry() {
        return country;
    }

    public String getCurrency() {
        return currency;
    }

    public String getCommerceOrderCode() {
        return commerceOrderCode;
    }

    public String getBuyerEmail() {
        return buyerEmail;
    }

    public String getBuyerName() {
        return buyerName;
    }

    public String getBuyerLocale() {
        return buyerLocale;
    }

    public String getValidationState() {
        return validationState;
    }

    public Boolean getKycRequired() {
        return kycRequired;
    }

    public Boolean getApprovalRequired() {
        return approvalRequired;
    }

    public String getDecisionReason() {
        return decisionReason;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public List<OrderLine> getLines() {
        return List.copyOf(lines);
    }
}
