package io.orderflow.validation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param detailsReminderAfter when the buyer who was sent the details form is reminded
 * @param detailsTimeoutAfter  when back office takes over because the buyer stayed silent
 * @param detailsLinkValidity  how long the buyer's details link works
 */
@ConfigurationProperties(prefix = "orderflow.validation")
public record ValidationProperties(Duration detailsReminderAfter, Duration detailsTimeoutAfter,
        Duration detailsLinkValidity) {

    public ValidationProperties {
        detailsReminderAfter = detailsReminderAfter == null ? Duration.ofDays(3) : detailsReminderAfter;
        detailsTimeoutAfter = detailsTimeoutAfter == null ? Duration.ofDays(7) : detailsTimeoutAfter;
        detailsLinkValidity = detailsLinkValidity == null ? Duration.ofDays(14) : detailsLinkValidity;
    }
}
