package io.orderflow.integration.reltio;

/** Reltio did not give a usable answer; the call is retried. */
public class ReltioUnavailableException extends RuntimeException {

    public ReltioUnavailableException(String message) {
        super(message);
    }
}
