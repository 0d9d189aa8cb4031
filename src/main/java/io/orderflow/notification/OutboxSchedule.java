package io.orderflow.notification;

import java.time.Clock;

import io.orderflow.work.Worker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outbox's own worker thread: a slow mail server holds up mails only, never other work. */
@Configuration
class OutboxSchedule {

    @Bean
    Worker outboxWorker(OutboxSender sender, NotificationProperties properties, Clock clock) {
        return new Worker("outbox-sender", properties.sender().enabled(), properties.sender().interval(),
                () -> sender.sendDue(clock.instant()));
    }
}
