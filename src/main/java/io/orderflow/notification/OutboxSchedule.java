package io.orderflow.notification;

import java.time.Clock;

import io.orderflow.retention.AgingOut;
import io.orderflow.work.Worker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox's own worker thread: a slow mail server holds up mails only, never other work. Sent mails go with the
 * retention.
 */
@Configuration
class OutboxSchedule {

    @Bean
    Worker outboxWorker(OutboxSender sender, NotificationProperties properties, Clock clock) {
        return new Worker("outbox-sender", properties.sender().enabled(), properties.sender().interval(),
                () -> sender.sendDue(clock.instant()));
    }

    @Bean
    AgingOut sentMails(JdbcTemplate jdbc) {
        return AgingOut.rows(jdbc, "sent mails", "notification_outbox",
                "status = '" + OutboxMessage.Status.SENT + "' and sent_at < ?");
    }
}
