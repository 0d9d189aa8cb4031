package io.orderflow.order;

public enum OrderState {
    CREATING, ON_HOLD, IN_VALIDATION, RELEASED, CANCELLED, FAILED
}
