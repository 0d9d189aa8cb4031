package io.orderflow.quote;

import java.util.EnumSet;
import java.util.Set;

public enum QuoteState {
    SUBMITTED, IN_REVIEW, PENDING_APPROVAL, OFFERED, RENEGOTIATION_REQUESTED, ACCEPTED, ORDERED, DECLINED, REJECTED,
    EXPIRED, CANCELLED, CONVERSION_FAILED;

    /** The states a quote never leaves. */
    public static final Set<QuoteState> FINISHED = EnumSet.of(ORDERED, DECLINED, REJECTED, EXPIRED,
            CANCELLED, CONVERSION_FAILED);

    /** What the sales system hears when a quote comes into this state ({@code orderflow.quote.<event>}). */
    public String salesEvent() {
        return switch (this) {
            case SUBMITTED -> "requested";
            case PENDING_APPROVAL -> "approval-requested";
            case RENEGOTIATION_REQUESTED -> "renegotiated";
            default -> name().toLowerCase().replace('_', '-');
        };
    }
}
