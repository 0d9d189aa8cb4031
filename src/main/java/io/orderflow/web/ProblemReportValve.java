package io.orderflow.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.Http11InputBuffer;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat refuses some requests before the application sees them (headers beyond its size limit, a path it will not
 * decode, such as one holding {@code %00}): those get a problem too, instead of Tomcat's HTML page with its version.
 * Failures the application answers itself have their body written by then and pass untouched.
 */
public class ProblemReportValve extends ErrorReportValve {

    /** Tomcat's own words (in the server's language) for headers beyond {@code server.max-http-request-header-size}. */
    private static final String HEADERS_TOO_LARGE =
            StringManager.getManager(Http11InputBuffer.class).getString("iib.requestheadertoolarge.error");

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            Problems.write(response, problem(response, throwable));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response took a writer already: the status alone has to do
        }
    }

    private static ProblemDetail problem(Response response, Throwable throwable) {
        if (throwable != null && HEADERS_TOO_LARGE.equals(throwable.getMessage())) {
            return invalid("The request headers are too large.", "headers", "are larger than this server reads");
        }
        if (response.getMessage() != null && response.getMessage().startsWith("Invalid URI")) {
            return invalid("The request path is not valid.", "path",
                    "cannot be decoded (e.g. an encoded NUL) or leaves the root");
        }
        return ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(response.getStatus()), "No further detail is known.");
    }

    private static ProblemDetail invalid(String detail, String field, String message) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail,
                List.of(new Problems.FieldError(field, message)));
    }
}
