package io.orderflow.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties(prefix = "orderflow.security")
public record SecurityProperties(String checkoutApiKey, String adminPassword) {

    public SecurityProperties {
        if (checkoutApiKey == null || checkoutApiKey.isBlank()) {
            throw new IllegalStateException("orderflow.security.checkout-api-key must be set");
        }
        if (adminPassword == null || adminPassword.isBlank()) {
            throw new IllegalStateException("orderflow.security.admin-password (ORDERFLOW_ADMIN_PASSWORD) must be set");
        }
    }
}
