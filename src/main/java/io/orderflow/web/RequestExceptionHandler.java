package io.orderflow.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Requests that no controller method takes because of how they are sent (method, {@code Content-Type},
 * {@code Accept}) are refused before any controller is chosen, so they get their problem here, naming the header.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class RequestExceptionHandler {

    @ExceptionHandler({HttpMediaTypeNotSupportedException.class, InvalidMediaTypeException.class})
    ResponseEntity<ProblemDetail> contentType(Exception e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported content type",
                "Send the body as application/json.", HttpHeaders.CONTENT_TYPE, "must be application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> accept(HttpMediaTypeNotAcceptableException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
                "This resource answers application/json (problems as application/problem+json).", HttpHeaders.ACCEPT,
                "must allow application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                "Allowed: " + e.getSupportedHttpMethods() + ".", "method", e.getMethod() + " is not allowed here");
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, String type, String title, String detail,
            String field, String message) {
        ProblemDetail problem = Problems.of(status, type, title, detail, List.of(new Problems.FieldError(field, message)));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
