package io.orderflow.validation;

/** Ids and variables of the {@code customer-validation} model. */
public final class ValidationProcess {

    public static final String KEY = "customer-validation";

    public static final class Elements {
        public static final String VALIDATION_REQUESTED = "validationRequested";
        public static final String APPROVE_ORDER = "approveOrder";
        public static final String VALIDATION_FINISHED = "validationFinished";

        private Elements() {
        }
    }

    public static final class Variables {
        public static final String ORDER_REQUEST_ID = "orderRequestId";
        public static final String APPROVAL_DUE_AT = "approvalDueAt";
        public static final String ORDER_SUMMARY = "orderSummary";
        public static final String ORDER_DECISION = "orderDecision";
        public static final String DECISION_REASON = "decisionReason";
        public static final String VALIDATION_OUTCOME = "validationOutcome";

        private Variables() {
        }
    }

    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";

    private ValidationProcess() {
    }
}
