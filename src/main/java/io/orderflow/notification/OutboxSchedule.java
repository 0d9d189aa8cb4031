package io.orderflow.notification;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration
@ConditionalOnProperty(name = "orderflow.notification.sender.enabled", havingValue = "true")
class OutboxSchedule {

    private final OutboxSender sender;
    private final Clock clock;

    OutboxSchedule(OutboxSender sender, Clock clock) {
        this.sender = sender;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${orderflow.notification.sender.interval}")
    void sendDue() {
        sender.sendDue(clock.instant());
    }
}
