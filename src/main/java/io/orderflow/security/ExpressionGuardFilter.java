package io.orderflow.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The second line in front of the engine's own refusal of expressions in queries ({@link QueryExpressionRefusals}):
 * any {@code ${} or {@code #{} in a query parameter is refused, and so is the body of a task, history or filter query
 * that has such a string anywhere or a property named {@code …Expression} (a literal is an expression, too). The body
 * is read as JSON the way the engine REST reads it (Jackson: UTF-8, -16 or -32, backslash-u escapes decoded), so
 * an encoding that hides the syntax from a byte comparison hides nothing here; a body that is not JSON is refused.
 */
class ExpressionGuardFilter extends OncePerRequestFilter {

    private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{");
    private static final String EXPRESSION_PROPERTY_SUFFIX = "Expression";
    private static final String BODY = "body";
    private static final Pattern QUERY_BODY_PATH = Pattern.compile(
            ".*/(task|task/count|filter|filter/[^/]+(/list|/count|/singleResult)?|history/task|history/task/count"
                    + "|history/process-instance|history/process-instance/count|process-instance|process-instance/count)/?$");
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            for (String value : parameter.getValue()) {
                if (EXPRESSION.matcher(value).find()) {
                    refuse(response, parameter.getKey(), "contains expression syntax");
                    return;
                }
            }
        }
        if (hasQueryBody(request)) {
            byte[] body = request.getInputStream().readAllBytes();
            Refusal refusal = refusalOf(body);
            if (refusal != null) {
                refuse(response, refusal.field(), refusal.reason());
                return;
            }
            chain.doFilter(new CachedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean hasQueryBody(HttpServletRequest request) {
        String method = request.getMethod();
        return ("POST".equals(method) || "PUT".equals(method)) && QUERY_BODY_PATH.matcher(request.getRequestURI()).matches();
    }

    private record Refusal(String field, String reason) {
    }

    /** The first property of the body that names or holds an expression; every token is read, duplicates too. */
    private static Refusal refusalOf(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && (parser.currentName().endsWith(EXPRESSION_PROPERTY_SUFFIX)
                        || EXPRESSION.matcher(parser.currentName()).find())) {
                    return new Refusal(path(parser.getParsingContext()), "is an expression");
                }
                if (token == JsonToken.VALUE_STRING && EXPRESSION.matcher(parser.getText()).find()) {
                    return new Refusal(path(parser.getParsingContext()), "contains expression syntax");
                }
            }
            return null;
        } catch (IOException e) {
            return new Refusal(BODY, "is not JSON");
        }
    }

    /** The property as a caller wrote it, e.g. {@code orQueries[0].assigneeExpression}. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext scope = context; scope != null && !scope.inRoot(); scope = scope.getParent()) {
            if (scope.inArray()) {
                parts.push("[" + scope.getCurrentIndex() + "]");
            } else if (scope.getCurrentName() != null) {
                parts.push("." + scope.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? BODY : path.startsWith(".") ? path.substring(1) : path;
    }

    private static void refuse(HttpServletResponse response, String field, String reason) throws IOException {
        Problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "expression-refused",
                "Expressions are not accepted in queries",
                "Query values must be literals; '${' and '#{' and properties named '…Expression' are refused, "
                        + "and a query body must be JSON.",
                List.of(new Problems.FieldError(field, reason))));
    }

    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
