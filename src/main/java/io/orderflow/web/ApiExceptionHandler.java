package io.orderflow.web;

import java.util.List;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Everything a caller sends wrong becomes a 4xx problem naming the field; nothing they send yields a 500. */
@RestControllerAdvice(annotations = ApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return e.retryAfter() != null ? Problems.unavailable(e.problem(), e.retryAfter()) : respond(e.problem());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
        List<Problems.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new Problems.FieldError(error.getField(), error.getDefaultMessage()))
                .toList();
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request has " + errors.size() + " invalid field(s).", errors));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request body cannot be read.", List.of(unreadableField(e))));
    }

    private static Problems.FieldError unreadableField(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        // the parser stands on the name of the field whose value it could not read (NaN, 0123, 5000 digits)
        if (e.getCause() instanceof JsonProcessingException failure && failure.getProcessor() instanceof JsonParser parser
                && parser.currentToken() == JsonToken.FIELD_NAME && !(cause instanceof JsonEOFException)) {
            if (cause instanceof StreamConstraintsException) {
                return new Problems.FieldError(path(parser.getParsingContext()), "is too large to read");
            }
            if (cause instanceof JsonParseException) {
                return new Problems.FieldError(path(parser.getParsingContext()), "is not a valid JSON value");
            }
        }
        // any other syntax error is wrapped with the path of the value around it, yet it is the body that is not JSON
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && !(cause instanceof JsonParseException)) {
            return new Problems.FieldError(path(mapping),
                    mapping instanceof InvalidFormatException ? "has the wrong type" : "cannot be read");
        }
        return new Problems.FieldError("body", "is not valid JSON");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "A required header is missing.", List.of(new Problems.FieldError(e.getHeaderName(), "is required"))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "A parameter has the wrong type.", List.of(new Problems.FieldError(e.getName(), "has the wrong type"))));
    }

    private static String path(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            step(path, reference.getFieldName(), reference.getIndex());
        }
        return path.toString();
    }

    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        if (context.getParent() != null) {
            step(path.append(path(context.getParent())), context.getCurrentName(), context.getCurrentIndex());
        }
        return path.toString();
    }

    private static void step(StringBuilder path, String fieldName, int index) {
        if (fieldName != null) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(fieldName);
        } else {
            path.append('[').append(index).append(']');
        }
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
