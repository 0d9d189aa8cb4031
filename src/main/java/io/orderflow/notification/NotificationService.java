package io.orderflow.notification;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
public class NotificationService {

    private final OutboxRepository outbox;
    private final MailTemplates templates;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    NotificationService(OutboxRepository outbox, MailTemplates templates, JdbcTemplate jdbc, Clock clock) {
        this.outbox = outbox;
        this.templates = templates;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Renders the mail and writes it to the outbox in the caller's transaction, so it is sent if and only if the
     * business change that caused it commits. Written in SQL: the row is only ever read again by {@link OutboxSender},
     * so the persistence context has nothing to keep or check for it until the transaction ends.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long enqueue(Notification notification) {
        MailTemplates.Rendered rendered = templates.render(notification);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("insert into notification_outbox (message_type,"
                    + " locale, recipient, subject, body_html, business_key, status, attempts, next_attempt_at,"
                    + " created_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", new String[] {"id"});
            insert.setString(1, notification.type());
            insert.setString(2, rendered.language());
            insert.setString(3, notification.recipient());
            insert.setString(4, rendered.subject());
            insert.setString(5, rendered.html());
            insert.setString(6, notification.businessKey());
            insert.setString(7, OutboxMessage.Status.PENDING.name());
            insert.setObject(8, now);
            insert.setObject(9, now);
            return insert;
        }, id);
        return id.getKey().longValue();
    }

    @Transactional(readOnly = true)
    public List<OutboxMessage> messagesOf(String businessKey) {
        return outbox.findByBusinessKeyOrderByIdAsc(businessKey);
    }
}
