package io.orderflow.order;

/** Ids, messages and variables of the {@code order-handoff} model. */
public final class OrderProcess {

    public static final String KEY = "order-handoff";
    public static final String VALIDATION_DECISION = "post-order-validation";

    public static final class Messages {
        public static final String ORDER_PLACED = "OrderPlaced";

        private Messages() {
        }
    }

    public static final class Elements {
        public static final String ORDER_PLACED = "orderPlaced";
        public static final String ORDER_FROM_QUOTE = "orderFromQuote";
        public static final String REGISTER_QUOTE_ORDER = "registerQuoteOrder";
        public static final String ORDER_REQUESTED = "orderRequested";
        public static final String CREATE_COMMERCE_ORDER = "createCommerceOrder";
        public static final String RECORD_ORDER_CREATED = "recordOrderCreated";
        public static final String COMMERCE_REJECTED_ORDER = "commerceRejectedOrder";
        public static final String MARK_ORDER_FAILED = "markOrderFailed";
        public static final String ORDER_FAILED = "orderFailed";
        public static final String DECIDE_VALIDATION = "decideValidation";
        public static final String VALIDATION_NEEDED = "validationNeeded";
        public static final String HOLD_ORDER = "holdOrder";
        public static final String RECORD_ORDER_ON_HOLD = "recordOrderOnHold";
        public static final String RECORD_ORDER_IN_VALIDATION = "recordOrderInValidation";
        public static final String VALIDATE_CUSTOMER = "validateCustomer";
        public static final String VALIDATION_OUTCOME = "validationOutcome";
        public static final String READY_FOR_RELEASE = "readyForRelease";
        public static final String RELEASE_ORDER = "releaseOrder";
        public static final String RECORD_ORDER_RELEASED = "recordOrderReleased";
        public static final String NOTIFY_ORDER_RELEASED = "notifyOrderReleased";
        public static final String ORDER_RELEASED = "orderReleased";
        public static final String CANCEL_ORDER = "cancelOrder";
        public static final String RECORD_ORDER_CANCELLED = "recordOrderCancelled";
        public static final String NOTIFY_ORDER_CANCELLED = "notifyOrderCancelled";
        public static final String ORDER_CANCELLED = "orderCancelled";

        private Elements() {
        }
    }

    public static final class Variables {
        public static final String ORDER_REQUEST_ID = "orderRequestId";
        public static final String QUOTE_CODE = "quoteCode";
        public static final String COMMERCE_ORDER_CODE = "commerceOrderCode";
        public static final String KYC_REQUIRED = "kycRequired";
        public static final String APPROVAL_REQUIRED = "approvalRequired";
        public static final String VALIDATION_OUTCOME = "validationOutcome";
        public static final String ORDER_OUTCOME = "orderOutcome";

        private Variables() {
        }
    }

    private OrderProcess() {
    }
}
