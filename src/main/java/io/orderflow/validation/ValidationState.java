package io.orderflow.validation;

public enum ValidationState {
    /** Waiting for back office or the buyer to provide the KYC data. */
    COLLECTING_DETAILS,
    /** The data is complete; the request to Reltio is about to be sent. */
    READY_TO_REQUEST,
    /** Reltio accepted the request; its result is awaited. */
    AWAITING_RESULT,
    RESULT_RECEIVED,
    /** Commerce refused to link the customer master record; back office decides. */
    LINK_REFUSED,
    CUSTOMER_LINKED,
    APPROVED,
    REJECTED
}
