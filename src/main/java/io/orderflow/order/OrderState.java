package io.orderflow.order;

public enum OrderState {
    CREATING, ON_HOLD, IN_VALIDATION, RELEASED, CANCELLED, FAILED,
    /** Commerce refused a hold, release or cancellation; back office decides whether to retry or give up. */
    COMMERCE_REFUSED,
    /** Back office sends the refused call to commerce again. */
    RETRYING
}
