package io.orderflow.order;

import java.util.EnumSet;
import java.util.Set;

public enum OrderState {
    CREATING, ON_HOLD, IN_VALIDATION, RELEASED, CANCELLED, FAILED,
    /** Commerce refused a hold, release or cancellation; back office decides whether to retry or give up. */
    COMMERCE_REFUSED,
    /** Back office sends the refused call to commerce again. */
    RETRYING;

    /** The states an order never leaves. */
    public static final Set<OrderState> FINISHED = EnumSet.of(RELEASED, CANCELLED, FAILED);

    /** What the sales system hears when an order comes into this state ({@code orderflow.order.<event>}). */
    public String salesEvent() {
        return switch (this) {
            case CREATING -> "placed";
            case ON_HOLD -> "held";
            default -> name().toLowerCase().replace('_', '-');
        };
    }
}
