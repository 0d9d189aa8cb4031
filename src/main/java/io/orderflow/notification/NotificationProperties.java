package io.orderflow.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties(prefix = "orderflow.notification")
public record NotificationProperties(String from, Sender sender) {

    public record Sender(boolean enabled, Duration interval, int batchSize, int maxAttempts, Duration initialBackoff,
            Duration maxBackoff, Duration lease) {
    }
}
