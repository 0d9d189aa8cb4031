package io.orderflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * The OpenAPI documents in {@code docs/contracts}, for tests to check what the application sends to a neighbour and
 * what the sandbox's simulators answer against what an integrator reads there.
 */
public enum Contracts {

    COMMERCE("commerce.yaml"),
    RELTIO("reltio.yaml"),
    SALES("sales.yaml");

    private final OpenApiInteractionValidator validator;

    Contracts(String document) {
        this.validator = OpenApiInteractionValidator
                .createForSpecificationUrl(Path.of("docs", "contracts", document).toUri().toString())
                .withBasePathOverride("/")
                .build();
    }

    /** A request to {@code path} (relative to the neighbour's base URL) as the document describes it. */
    public void assertRequest(String method, String path, Map<String, String> headers, String body) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        headers.forEach(request::withHeader);
        if (body != null) {
            request.withBody(body);
        }
        assertValid(validator.validateRequest(request.build()), method + " " + path);
    }

    /** An answer to {@code method path} as the document describes it. */
    public void assertResponse(String method, String path, int status, String contentType, String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            response.withContentType(contentType);
        }
        if (body != null) {
            response.withBody(body);
        }
        assertValid(validator.validateResponse(path, Request.Method.valueOf(method), response.build()),
                status + " to " + method + " " + path);
    }

    private static void assertValid(ValidationReport report, String what) {
        assertThat(report.getMessages().stream().filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(Object::toString).toList()).as(what + " against its contract").isEmpty();
    }
}
