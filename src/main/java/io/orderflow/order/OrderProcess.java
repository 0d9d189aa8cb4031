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
        public static final String COMMERCE_REFUSED_HOLD = "commerceRefusedHold";
        public static final String RECORD_HOLD_REFUSED = "recordHoldRefused";
        public static final String COMMERCE_REFUSED_RELEASE = "commerceRefusedRelease";
        public static final String RECORD_RELEASE_REFUSED = "recordReleaseRefused";
        public static final String COMMERCE_REFUSED_CANCEL = "commerceRefusedCancel";
        public static final String RECORD_CANCEL_REFUSED = "recordCancelRefused";
        public static final String COMMERCE_REFUSED_STEP = "commerceRefusedStep";
        public static final String RESOLVE_COMMERCE_REFUSAL = "resolveCommerceRefusal";
        public static final String REFUSAL_RESOLUTION = "refusalResolution";
        public static final String RECORD_REFUSED_CALL_RETRIED = "recordRefusedCallRetried";
        public static final String REFUSED_CALL = "refusedCall";
        public static final String RECORD_REFUSED_CALL_GIVEN_UP = "recordRefusedCallGivenUp";
        public static final String ORDER_STILL_OPEN = "orderStillOpen";
        public static final String HOLD_REQUESTED = "holdRequested";
        public static final String CANCELLATION_REQUESTED = "cancellationRequested";
        public static final String ORDER_CANNOT_PROCEED = "orderCannotProceed";

        private Elements() {
        }
    }

    /** The values of {@link Variables#REFUSAL_RESOLUTION} and {@link Variables#REFUSED_COMMERCE_CALL}. */
    public static final class Values {
        public static final String RETRY = "retry";
        public static final String GIVE_UP = "giveUp";
        public static final String HOLD = "hold";
        public static final String RELEASE = "release";
        public static final String CANCEL = "cancel";

        private Values() {
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
        /** The call commerce refused ({@code hold}, {@code release}, {@code cancel}), written by the refusal's record step. */
        public static final String REFUSED_COMMERCE_CALL = "refusedCommerceCall";
        /** Commerce's answer to the refused call, written by the engine from the BPMN error. */
        public static final String COMMERCE_REFUSAL = "commerceRefusal";
        public static final String REFUSAL_SUMMARY = "refusalSummary";
        public static final String REFUSAL_DUE_AT = "refusalDueAt";
        public static final String REFUSAL_RESOLUTION = "refusalResolution";
        public static final String REFUSAL_REASON = "refusalReason";

        private Variables() {
        }
    }

    private OrderProcess() {
    }
}
