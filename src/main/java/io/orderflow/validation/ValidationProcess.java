package io.orderflow.validation;

/** Ids, messages and variables of the {@code customer-validation} model. */
public final class ValidationProcess {

    public static final String KEY = "customer-validation";

    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";

    public static final class Messages {
        public static final String CUSTOMER_DETAILS_SUBMITTED = "CustomerDetailsSubmitted";
        public static final String VALIDATION_COMPLETED = "ValidationCompleted";

        private Messages() {
        }
    }

    public static final class Elements {
        public static final String VALIDATION_REQUESTED = "validationRequested";
        public static final String OPEN_VALIDATION = "openValidation";
        public static final String KYC_NEEDED = "kycNeeded";
        public static final String REQUEST_CUSTOMER_DETAILS = "requestCustomerDetails";
        public static final String DETAILS_CHANNEL = "detailsChannel";
        public static final String SEND_DETAILS_REQUEST = "sendDetailsRequest";
        public static final String CUSTOMER_DETAILS_SUBMITTED = "customerDetailsSubmitted";
        public static final String DETAILS_REMINDER = "detailsReminder";
        public static final String REMIND_BUYER_OF_DETAILS = "remindBuyerOfDetails";
        public static final String DETAILS_REMINDER_SENT = "detailsReminderSent";
        public static final String DETAILS_TIMEOUT = "detailsTimeout";
        public static final String FOLLOW_UP_CUSTOMER_DETAILS = "followUpCustomerDetails";
        public static final String FOLLOW_UP_OUTCOME = "followUpOutcome";
        public static final String DETAILS_AVAILABLE = "detailsAvailable";
        public static final String SUBMIT_KYC_DATA = "submitKycData";
        public static final String VALIDATION_TO_REQUEST = "validationToRequest";
        public static final String REQUEST_VALIDATION = "requestValidation";
        public static final String RECORD_VALIDATION_REQUEST = "recordValidationRequest";
        public static final String AWAITING_RESULT = "awaitingResult";
        public static final String VALIDATION_COMPLETED = "validationCompleted";
        public static final String VALIDATION_OVERDUE = "validationOverdue";
        public static final String CHASE_VALIDATION = "chaseValidation";
        public static final String CHASE_OUTCOME = "chaseOutcome";
        public static final String VALIDATION_RESULT = "validationResult";
        public static final String RESOLVE_CUSTOMER_MATCH = "resolveCustomerMatch";
        public static final String REVIEW_VALIDATION_FAILURE = "reviewValidationFailure";
        public static final String FAILURE_DECISION = "failureDecision";
        public static final String MASTER_RECORD_KNOWN = "masterRecordKnown";
        public static final String LINK_CUSTOMER = "linkCustomer";
        public static final String COMMERCE_REFUSED_LINK = "commerceRefusedLink";
        public static final String RECORD_LINK_REFUSED = "recordLinkRefused";
        public static final String RESOLVE_LINK_REFUSAL = "resolveLinkRefusal";
        public static final String LINK_REFUSAL_RESOLUTION = "linkRefusalResolution";
        public static final String RECORD_LINK_RETRIED = "recordLinkRetried";
        public static final String RECORD_LINK_GIVEN_UP = "recordLinkGivenUp";
        public static final String RECORD_CUSTOMER_LINKED = "recordCustomerLinked";
        public static final String CUSTOMER_VALIDATED = "customerValidated";
        public static final String APPROVAL_NEEDED = "approvalNeeded";
        public static final String APPROVE_ORDER = "approveOrder";
        public static final String ORDER_DECISION = "orderDecision";
        public static final String VALIDATION_APPROVED = "validationApproved";
        public static final String COMPLETE_VALIDATION = "completeValidation";
        public static final String CUSTOMER_APPROVED = "customerApproved";
        public static final String VALIDATION_REJECTED = "validationRejected";
        public static final String REJECT_VALIDATION = "rejectValidation";
        public static final String CUSTOMER_REJECTED = "customerRejected";

        private Elements() {
        }
    }

    public static final class Variables {
        public static final String ORDER_REQUEST_ID = "orderRequestId";
        public static final String COMMERCE_ORDER_CODE = "commerceOrderCode";
        public static final String KYC_REQUIRED = "kycRequired";
        public static final String APPROVAL_REQUIRED = "approvalRequired";
        public static final String TASK_DUE_AT = "taskDueAt";
        public static final String DETAILS_REMINDER_AFTER = "detailsReminderAfter";
        public static final String DETAILS_TIMEOUT_AFTER = "detailsTimeoutAfter";
        public static final String VALIDATION_TIMEOUT = "validationTimeout";
        public static final String VALIDATION_REQUEST_ID = "validationRequestId";
        public static final String VALIDATION_STATUS = "validationStatus";
        public static final String VALIDATION_SUMMARY = "validationSummary";
        public static final String VALIDATION_ISSUES = "validationIssues";
        public static final String MATCH_CANDIDATES = "matchCandidates";
        public static final String MATCH_OPTIONS = "matchOptions";
        public static final String CHOSEN_MASTER = "chosenMaster";
        public static final String DETAILS_CHANNEL = "detailsChannel";
        public static final String FOLLOW_UP_OUTCOME = "followUpOutcome";
        public static final String CHASE_OUTCOME = "chaseOutcome";
        public static final String FAILURE_DECISION = "failureDecision";
        public static final String ORDER_DECISION = "orderDecision";
        public static final String DECISION_REASON = "decisionReason";
        public static final String VALIDATION_OUTCOME = "validationOutcome";
        /** Commerce's answer to the refused link, written by the engine from the BPMN error. */
        public static final String COMMERCE_REFUSAL = "commerceRefusal";
        public static final String REFUSAL_SUMMARY = "refusalSummary";
        /** {@code retry} or {@code giveUp}, from the form of the refusal task. */
        public static final String REFUSAL_RESOLUTION = "refusalResolution";
        public static final String REFUSAL_REASON = "refusalReason";

        private Variables() {
        }
    }

    private ValidationProcess() {
    }
}
