package io.orderflow.quote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

@Entity
@Table(name = "quote")
public class Quote {

    @Id
    private String code;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private QuoteState state;

    @Column(name = "cart_id", nullable = false)
    private String cartId;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(name = "b2b_unit_id", nullable = false)
    private String b2bUnitId;

    @Column(nullable = false)
    private String country;

    @Column(nullable = false)
    private String locale;

    @Column(nullable = false)
    private String currency;

    @Column(name = "requested_discount", nullable = false)
    private BigDecimal requestedDiscount;

    @Column(name = "buyer_comment")
    private String buyerComment;

    @Column(name = "buyer_email")
    private String buyerEmail;

    @Column(name = "buyer_name")
    private String buyerName;

    @Column(name = "offered_discount")
    private BigDecimal offeredDiscount;

    @Column(name = "validity_days")
    private Integer validityDays;

    @Column(name = "seller_comment")
    private String sellerComment;

    @Column(name = "approver_comment")
    private String approverComment;

    @Column(name = "reviewer_id")
    private String reviewerId;

    @Column(name = "approver_id")
    private String approverId;

    @Column(name = "approval_level")
    private String approvalLevel;

    @Column(name = "review_escalated", nullable = false)
    private boolean reviewEscalated;

    @Column(name = "current_version", nullable = false)
    private int currentVersion;

    @Column(name = "offered_at")
    private Instant offeredAt;

    @Column(name = "last_valid_day")
    private LocalDate lastValidDay;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "inactivity_reminder_at")
    private Instant inactivityReminderAt;

    @Column(name = "before_expiry_reminder_at")
    private Instant beforeExpiryReminderAt;

    @Column(name = "expiry_day_reminder_at")
    private Instant expiryDayReminderAt;

    @Column(name = "order_request_id")
    private String orderRequestId;

    @Column(name = "commerce_order_code")
    private String commerceOrderCode;

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
    @CollectionTable(name = "quote_line", joinColumns = @JoinColumn(name = "quote_code"))
    @OrderColumn(name = "line_no")
    private List<QuoteLine> lines = new ArrayList<>();

    protected Quote() {
    }

    Quote(String code, String cartId, String customerId, String b2bUnitId, String country, String locale, String currency,
            BigDecimal requestedDiscount, String buyerComment, List<QuoteLine> lines, String idempotencyKey,
            String requestHash, Instant now) {
        this.code = code;
        this.state = QuoteState.SUBMITTED;
        this.cartId = cartId;
        this.customerId = customerId;
        this.b2bUnitId = b2bUnitId;
        this.country = country;
        this.locale = locale;
        this.currency = currency;
        this.requestedDiscount = requestedDiscount;
        this.buyerComment = buyerComment;
        this.lines = new ArrayList<>(lines);
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.currentVersion = 1;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The list value of all lines, before any discount. */
    public BigDecimal listValue() {
        return lines.stream().map(QuoteLine::listValue).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The list value less the discount offered (or, before an offer, requested). */
    public BigDecimal netValue() {
        return discounted(listValue());
    }

    /** The discount offered (or, before an offer, requested), in percent. */
    public BigDecimal discount() {
        return offeredDiscount != null ? offeredDiscount : requestedDiscount;
    }

    /** An amount less the discount offered (or, before an offer, requested). */
    public BigDecimal discounted(BigDecimal amount) {
        return amount.multiply(BigDecimal.valueOf(100).subtract(discount())).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }

    public Locale locale() {
        return Locale.forLanguageTag(locale);
    }

    QuoteState moveTo(QuoteState next, Instant now) {
        QuoteState previous = state;
        state = next;
        updatedAt = now;
        return previous;
    }

    void recordReview(String reviewer, BigDecimal discount, int validity, String comment) {
        reviewerId = reviewer;
        offeredDiscount = discount;
        validityDays = validity;
        sellerComment = comment;
    }

    void recordApproval(String approver, String level, String comment) {
        approverId = approver;
        approvalLevel = level;
        approverComment = comment;
    }

    void recordBuyer(String email, String name) {
        buyerEmail = email;
        buyerName = name;
    }

    void buyerSays(String comment) {
        if (comment != null && !comment.isBlank()) {
            buyerComment = comment;
        }
    }

    void offer(QuoteSchedule.OfferDates dates, int version) {
        offeredAt = dates.offeredAt();
        lastValidDay = dates.lastValidDay();
        expiresAt = dates.expiresAt();
        inactivityReminderAt = dates.inactivityReminderAt();
        beforeExpiryReminderAt = dates.beforeExpiryReminderAt();
        expiryDayReminderAt = dates.expiryDayReminderAt();
        currentVersion = version;
    }

    void convert(String orderRequest) {
        orderRequestId = orderRequest;
    }

    void ordered(String orderCode) {
        commerceOrderCode = orderCode;
    }

    public String getCode() {
        return code;
    }

    public QuoteState getState() {
        return state;
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

    public String getLocale() {
        return locale;
    }

    public String getCurrency() {
        return currency;
    }

    public BigDecimal getRequestedDiscount() {
        return requestedDiscount;
    }

    public String getBuyerComment() {
        return buyerComment;
    }

    public String getBuyerEmail() {
        return buyerEmail;
    }

    public String getBuyerName() {
        return buyerName;
    }

    public BigDecimal getOfferedDiscount() {
        return offeredDiscount;
    }

    public Integer getValidityDays() {
        return validityDays;
    }

    public String getSellerComment() {
        return sellerComment;
    }

    public String getApproverComment() {
        return approverComment;
    }

    public String getReviewerId() {
        return reviewerId;
    }

    public String getApproverId() {
        return approverId;
    }

    public String getApprovalLevel() {
        return approvalLevel;
    }

    public boolean isReviewEscalated() {
        return reviewEscalated;
    }

    public int getCurrentVersion() {
        return currentVersion;
    }

    public Instant getOfferedAt() {
        return offeredAt;
    }

    public LocalDate getLastValidDay() {
        return lastValidDay;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getInactivityReminderAt() {
        return inactivityReminderAt;
    }

    public Instant getBeforeExpiryReminderAt() {
        return beforeExpiryReminderAt;
    }

    public Instant getExpiryDayReminderAt() {
        return expiryDayReminderAt;
    }

    public String getOrderRequestId() {
        return orderRequestId;
    }

    public String getCommerceOrderCode() {
        return commerceOrderCode;
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

    public List<QuoteLine> getLines() {
        return List.copyOf(lines);
    }
}
