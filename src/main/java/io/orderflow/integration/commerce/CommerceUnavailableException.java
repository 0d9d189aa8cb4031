package io.orderflow.integration.commerce;

/** Commerce did not give a usable answer; the call is retried. */
public class CommerceUnavailableException extends RuntimeException {

    public CommerceUnavailableException(String message) {
        super(message);
    }

    public CommerceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
