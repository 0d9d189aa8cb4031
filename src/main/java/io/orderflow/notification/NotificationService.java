package io.orderflow.notification;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
public class NotificationService {

    private final OutboxRepository outbox;
    private final MailTemplates templates;
    private final Clock clock;

    NotificationService(OutboxRepository outbox, MailTemplates templates, Clock clock) {
        this.outbox = outbox;
        this.templates = templates;
        this.clock = clock;
    }

    /**
     * Renders the mail and writes it to the outbox in the caller's transaction, so it is sent if and only if the
     * business change that caused it commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long enqueue(Notification notification) {
        MailTemplates.Rendered rendered = templates.render(notification);
        OutboxMessage message = new OutboxMessage(notification.type(), rendered.language(), notification.recipient(),
                rendered.subject(), rendered.html(), notification.businessKey(), clock.instant());
        return outbox.save(message).getId();
    }

    @Transactional(readOnly = true)
    public List<OutboxMessage> messagesOf(String businessKey) {
        return outbox.findByBusinessKeyOrderByIdAsc(businessKey);
    }
}
