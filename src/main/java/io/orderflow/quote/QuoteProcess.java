package io.orderflow.quote;

/** Ids, messages and variables of the {@code quote-to-order} model: the contract between the BPMN and the code. */
public final class QuoteProcess {

    public static final String KEY = "quote-to-order";
    public static final String APPROVAL_DECISION = "quote-approval-level";

    public static final class Messages {
        public static final String QUOTE_REQUESTED = "QuoteRequested";
        public static final String QUOTE_ACCEPTED = "QuoteAccepted";
        public static final String QUOTE_DECLINED = "QuoteDeclined";
        public static final String RENEGOTIATION_REQUESTED = "QuoteRenegotiationRequested";

        private Messages() {
        }
    }

    public static final class Elements {
        public static final String QUOTE_REQUESTED = "quoteRequested";
        public static final String NOTIFY_QUOTE_RECEIVED = "notifyQuoteReceived";
        public static final String REVIEW_REQUESTED = "reviewRequested";
        public static final String START_REVIEW = "startReview";
        public static final String REVIEW_QUOTE = "reviewQuote";
        public static final String REVIEW_OVERDUE = "reviewOverdue";
        public static final String ESCALATE_REVIEW = "escalateReview";
        public static final String REVIEW_ESCALATED = "reviewEscalated";
        public static final String REVIEW_OUTCOME = "reviewOutcome";
        public static final String REJECT_QUOTE = "rejectQuote";
        public static final String QUOTE_REJECTED = "quoteRejected";
        public static final String DECIDE_APPROVAL_LEVEL = "decideApprovalLevel";
        public static final String APPROVAL_NEEDED = "approvalNeeded";
        public static final String REQUEST_APPROVAL = "requestApproval";
        public static final String APPROVE_DISCOUNT = "approveDiscount";
        public static final String APPROVAL_DECISION = "approvalDecision";
        public static final String OFFER_READY = "offerReady";
        public static final String SEND_OFFER = "sendOffer";
        public static final String BUYER_DECISION = "buyerDecision";
        public static final String BUYER_RESPONSE = "buyerResponse";
        public static final String QUOTE_ACCEPTED = "quoteAccepted";
        public static final String QUOTE_DECLINED = "quoteDeclined";
        public static final String RENEGOTIATION_REQUESTED = "renegotiationRequested";
        public static final String INACTIVITY_REMINDER = "inactivityReminder";
        public static final String BEFORE_EXPIRY_REMINDER = "beforeExpiryReminder";
        public static final String EXPIRY_DAY_REMINDER = "expiryDayReminder";
        public static final String QUOTE_EXPIRED = "quoteExpired";
        public static final String EXPIRE_QUOTE = "expireQuote";
        public static final String QUOTE_EXPIRED_END = "quoteExpiredEnd";
        public static final String BUYER_DECISION_OUTCOME = "buyerDecisionOutcome";
        public static final String QUOTE_DECLINED_END = "quoteDeclinedEnd";
        public static final String CONVERT_TO_ORDER = "convertToOrder";
        public static final String MARK_QUOTE_ORDERED = "markQuoteOrdered";
        public static final String QUOTE_ORDERED = "quoteOrdered";

        private Elements() {
        }
    }

    public static final class Variables {
        public static final String QUOTE_CODE = "quoteCode";
        public static final String COUNTRY = "country";
        public static final String REVIEW_DUE_AT = "reviewDueAt";
        public static final String APPROVAL_DUE_AT = "approvalDueAt";
        public static final String APPROVING_GROUP = "approvingGroup";
        public static final String QUOTE_SUMMARY = "quoteSummary";
        public static final String QUOTE_REFERENCE = "quoteReference";
        public static final String CUSTOMER_NAME = "customerName";
        public static final String PRODUCT_NAMES = "productNames";
        public static final String NET_VALUE_AFTER_DISCOUNT = "netValueAfterDiscount";
        public static final String EXPECTED_APPROVAL = "expectedApproval";
        public static final String APPROVAL_SUMMARY = "approvalSummary";
        public static final String REVIEW_OUTCOME = "reviewOutcome";
        public static final String OFFERED_DISCOUNT_PERCENT = "offeredDiscountPercent";
        public static final String VALIDITY_DAYS = "validityDays";
        public static final String SELLER_COMMENT = "sellerComment";
        public static final String DISCOUNT_PERCENT = "discountPercent";
        public static final String NET_VALUE = "netValue";
        public static final String APPROVAL_LEVEL = "approvalLevel";
        public static final String APPROVAL_DECISION = "approvalDecision";
        public static final String APPROVER_COMMENT = "approverComment";
        public static final String INACTIVITY_REMINDER_AT = "inactivityReminderAt";
        public static final String BEFORE_EXPIRY_REMINDER_AT = "beforeExpiryReminderAt";
        public static final String EXPIRY_DAY_REMINDER_AT = "expiryDayReminderAt";
        public static final String EXPIRES_AT = "expiresAt";
        public static final String BUYER_DECISION = "buyerDecision";
        public static final String ORDER_REQUEST_ID = "orderRequestId";
        public static final String COMMERCE_ORDER_CODE = "commerceOrderCode";
        public static final String ORDER_OUTCOME = "orderOutcome";

        private Variables() {
        }
    }

    /** Values of {@link Variables#REVIEW_OUTCOME}, {@link Variables#APPROVAL_DECISION}, {@link Variables#BUYER_DECISION}. */
    public static final class Values {
        public static final String OFFER = "offer";
        public static final String REJECT = "reject";
        public static final String APPROVE = "approve";
        public static final String ACCEPT = "accept";
        public static final String DECLINE = "decline";
        public static final String RENEGOTIATE = "renegotiate";

        private Values() {
        }
    }

    private QuoteProcess() {
    }
}
