package io.orderflow.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due outbox mails over SMTP. Each message is claimed with a conditional update before sending, so with
 * several nodes exactly one sends it; a failed attempt is retried with exponential backoff until
 * {@code max-attempts}, then the message is marked FAILED for operators.
 */
@Component
public class OutboxSender {

    static final String HEADER_OUTBOX_ID = "X-Orderflow-Outbox-Id";
    static final String HEADER_TYPE = "X-Orderflow-Type";
    static final String HEADER_BUSINESS_KEY = "X-Orderflow-Business-Key";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    private final OutboxRepository outbox;
    private final JavaMailSender mailSender;
    private final TransactionTemplate transaction;
    private final NotificationProperties properties;
    private final String node;

    OutboxSender(OutboxRepository outbox, JavaMailSender mailSender, TransactionTemplate transaction,
            NotificationProperties properties, @Value("${orderflow.node-id}") String node) {
        this.outbox = outbox;
        this.mailSender = mailSender;
        this.transaction = transaction;
        this.properties = properties;
        this.node = node;
    }

    /** Sends what is due at {@code now}; returns the number of mails delivered. */
    public int sendDue(Instant now) {
        List<Long> due = transaction.execute(status ->
                outbox.findDue(now, PageRequest.of(0, properties.sender().batchSize())));
        int delivered = 0;
        for (Long id : due) {
            if (claim(id, now) && deliver(id, now)) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean claim(long id, Instant now) {
        Instant until = now.plus(properties.sender().lease());
        return Boolean.TRUE.equals(transaction.execute(status -> outbox.claim(id, node, now, until) == 1));
    }

    private boolean deliver(long id, Instant now) {
        OutboxMessage message = transaction.execute(status -> outbox.findById(id).orElseThrow());
        try {
            mailSender.send(toMime(message));
        } catch (MailException | MessagingException e) {
            recordFailure(message, now, e);
            return false;
        }
        transaction.executeWithoutResult(status -> outbox.markSent(id, node, now));
        return true;
    }

    private void recordFailure(OutboxMessage message, Instant now, Exception e) {
        int attempt = message.getAttempts() + 1;
        boolean exhausted = attempt >= properties.sender().maxAttempts();
        OutboxMessage.Status status = exhausted ? OutboxMessage.Status.FAILED : OutboxMessage.Status.PENDING;
        Instant next = now.plus(backoff(attempt));
        String error = String.valueOf(e.getMessage());
        transaction.executeWithoutResult(tx -> outbox.markFailedAttempt(message.getId(), node, status, next,
                error.substring(0, Math.min(error.length(), 2000))));
        if (exhausted) {
            LOG.error("Mail {} ({}) for {} failed {} times and is given up: {}", message.getId(), message.getMessageType(),
                    message.getBusinessKey(), attempt, error);
        } else {
            LOG.warn("Mail {} ({}) for {} failed (attempt {}), next try at {}: {}", message.getId(),
                    message.getMessageType(), message.getBusinessKey(), attempt, next, error);
        }
    }

    Duration backoff(int attempt) {
        Duration initial = properties.sender().initialBackoff();
        Duration max = properties.sender().maxBackoff();
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration backoff = initial.multipliedBy(factor);
        return backoff.compareTo(max) > 0 ? max : backoff;
    }

    private MimeMessage toMime(OutboxMessage message) throws MessagingException {
        MimeMessage mime = mailSender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
        helper.setFrom(properties.from());
        helper.setTo(message.getRecipient());
        helper.setSubject(message.getSubject());
        helper.setText(MailTemplates.toText(message.getBodyHtml()), message.getBodyHtml());
        mime.setHeader("Content-Language", message.getLocale());
        mime.setHeader(HEADER_OUTBOX_ID, String.valueOf(message.getId()));
        mime.setHeader(HEADER_TYPE, message.getMessageType());
        if (message.getBusinessKey() != null) {
            mime.setHeader(HEADER_BUSINESS_KEY, message.getBusinessKey());
        }
        return mime;
    }
}
