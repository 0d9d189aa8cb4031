package io.orderflow.web;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A failure the caller can understand and usually fix; rendered as RFC 9457 problem details. */
public class ApiException extends RuntimeException {

    private final ProblemDetail problem;
    private Duration retryAfter;

    public ApiException(HttpStatus status, String type, String title, String detail, List<Problems.FieldError> errors) {
        super(detail);
        this.problem = Problems.of(status, type, title, detail, errors);
    }

    public ProblemDetail problem() {
        return problem;
    }

    /** When the caller may try again (the {@code Retry-After} header), if the answer says so. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * A system the request must be checked against did not answer: nothing was stored or started, and the same
     * request may be sent again after {@code retryAfter}.
     */
    public static ApiException unavailable(String system, Duration retryAfter) {
        ApiException exception = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable",
                system + " unavailable", system + " cannot be reached to check the request; nothing was stored. "
                + "Send the same request again later.", List.of());
        exception.retryAfter = retryAfter;
        return exception;
    }

    /** The request names something the other systems do not know, or that does not fit the rest of it. */
    public static ApiException unprocessable(String type, String title, String field, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, type, title, "The request cannot be processed: " + field
                + " " + message + ".", List.of(new Problems.FieldError(field, message)));
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", what + " not found",
                "There is no " + what.toLowerCase() + " '" + id + "'.", List.of());
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request has an invalid field.", List.of(new Problems.FieldError(field, message)));
    }

    /** An action that the resource's current state does not allow. */
    public static ApiException wrongState(String what, String id, String state, String action) {
        ApiException exception = new ApiException(HttpStatus.CONFLICT, "wrong-state", "Action not allowed in this state",
                what + " '" + id + "' is " + state + "; '" + action + "' is not allowed.", List.of());
        exception.problem.setProperty("state", state);
        exception.problem.setProperty("action", action);
        return exception;
    }
}
