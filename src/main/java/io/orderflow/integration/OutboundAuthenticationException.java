package io.orderflow.integration;

import java.io.IOException;

/**
 * The application could not authenticate to a neighbour: no token from its token endpoint, or its credentials refused
 * (401) after one renewal. A technical failure, retried like an unreachable neighbour, never a business refusal.
 */
public class OutboundAuthenticationException extends IOException {

    public OutboundAuthenticationException(String message) {
        super(message);
    }

    public OutboundAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
