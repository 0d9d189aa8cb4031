package io.orderflow.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.orderflow.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of every servlet (see {@link LoginThrottle} for why here): a request that names a user - HTTP Basic on any
 * path, the page form login ({@code POST /login}), the Camunda webapps' login
 * ({@code POST …/api/admin/auth/user/{engine}/login/{app}}) - from a client that must wait for that user is answered
 * 429 with {@code Retry-After}, before any password is checked. Every request runs with its client address bound, so
 * the password check can count for the right client. The client is {@code getRemoteAddr()}: behind a reverse proxy
 * the operator sets {@code server.forward-headers-strategy} so that it is the caller, not the proxy.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    static final String FORM_LOGIN = "/login";
    private static final Pattern WEBAPP_LOGIN = Pattern.compile(".*/api/admin/auth/user/[^/]+/login/[^/]+/?");

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        String userId = claimedUser(request);
        if (userId != null) {
            Optional<Duration> wait = throttle.waitBeforeLogin(client, userId);
            if (wait.isPresent()) {
                refuse(response, wait.get());
                return;
            }
        }
        LoginThrottle.bindClient(client);
        try {
            chain.doFilter(request, response);
        } finally {
            LoginThrottle.unbindClient();
        }
    }

    /** The user a request tries to log in as, or null if it carries no credentials. */
    static String claimedUser(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                return colon < 0 ? null : credentials.substring(0, colon);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        if ("POST".equals(request.getMethod())) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.equals(FORM_LOGIN) || WEBAPP_LOGIN.matcher(path).matches()) {
                return request.getParameter("username");
            }
        }
        return null;
    }

    private static void refuse(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "login-throttled", "Too many failed logins",
                "Too many failed logins as this user from your address; try again in " + seconds + " seconds.",
                List.of());
        problem.setProperty("retryAfterSeconds", seconds);
        Problems.write(response, problem);
    }
}
