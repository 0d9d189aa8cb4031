package io.orderflow.operations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param metricsRefresh how often the business figures are read from the database
 * @param expiringWithin an offer expiring within this time counts as about to expire
 * @param dashboardUrl   where operators find the dashboard of these figures (a link on the home page); none if empty
 */
@ConfigurationProperties(prefix = "orderflow.operations")
public record OperationsProperties(Duration metricsRefresh, Duration expiringWithin, String dashboardUrl) {

    public OperationsProperties {
        metricsRefresh = metricsRefresh == null ? Duration.ofSeconds(30) : metricsRefresh;
        expiringWithin = expiringWithin == null ? Duration.ofDays(3) : expiringWithin;
    }
}
