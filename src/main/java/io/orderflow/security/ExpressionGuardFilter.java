package io.orderflow.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
 * Camunda 7.24 evaluates JUEL in task queries, and an injection through {@code orQueries} is reported against it.
 * Nobody needs an expression in an ad-hoc query, so any {@code ${} or {@code #{} in a query parameter or in the
 * body of a task, history or filter query is refused before the engine sees it.
 */
class ExpressionGuardFilter extends OncePerRequestFilter {

    private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{");
    private static final Pattern QUERY_BODY_PATH = Pattern.compile(
            ".*/(task|task/count|filter|filter/[^/]+(/list|/count|/singleResult)?|history/task|history/task/count"
                    + "|history/process-instance|history/process-instance/count|process-instance|process-instance/count)/?$");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            for (String value : parameter.getValue()) {
                if (EXPRESSION.matcher(value).find()) {
                    refuse(response, parameter.getKey());
                    return;
                }
            }
        }
        if (hasQueryBody(request)) {
            byte[] body = request.getInputStream().readAllBytes();
            if (EXPRESSION.matcher(new String(body, StandardCharsets.UTF_8)).find()) {
                refuse(response, "body");
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

    private static void refuse(HttpServletResponse response, String field) throws IOException {
        Problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "expression-refused",
                "Expressions are not accepted in queries",
                "Query values must be literals; '${' and '#{' are refused.",
                List.of(new Problems.FieldError(field, "contains expression syntax"))));
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
