package io.orderflow.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties(prefix = "orderflow.security")
public record SecurityProperties(String checkoutApiKey, String adminPassword, LoginThrottleSettings loginThrottle) {

    public SecurityProperties {
        if (checkoutApiKey == null || checkoutApiKey.isBlank()) {
            throw new IllegalStateException("orderflow.security.checkout-api-key must be set");
        }
        if (adminPassword == null || adminPassword.isBlank()) {
            throw new IllegalStateException("orderflow.security.admin-password (ORDERFLOW_ADMIN_PASSWORD) must be set");
        }
        loginThrottle = loginThrottle == null ? new LoginThrottleSettings(null, null, null, null, null) : loginThrottle;
    }

    /**
     * @param attempts       failed logins of one client for one user within {@code window} before that client waits
     * @param window         how long a failed login counts
     * @param initialBackoff the first wait; each further block of the same client and user doubles it
     * @param maxBackoff     the longest wait
     * @param maxTracked     how many (client, user) pairs are remembered at most; the least recently used go first
     */
    public record LoginThrottleSettings(Integer attempts, Duration window, Duration initialBackoff, Duration maxBackoff,
            Integer maxTracked) {

        public LoginThrottleSettings {
            attempts = attempts == null ? 5 : attempts;
            window = window == null ? Duration.ofMinutes(15) : window;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(30) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(15) : maxBackoff;
            maxTracked = maxTracked == null ? 10_000 : maxTracked;
            if (attempts < 1 || maxTracked < 1 || window.isNegative() || window.isZero() || initialBackoff.isNegative()
                    || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("orderflow.security.login-throttle: attempts and max-tracked must be "
                        + "positive, window and initial-backoff positive, max-backoff at least initial-backoff");
            }
        }
    }
}
