package io.orderflow.notification;

import java.time.Duration;
import java.time.Instant;

import io.orderflow.work.Outcome;
import io.orderflow.work.WorkPolicy;
import io.orderflow.work.WorkQueue;
import io.orderflow.work.WorkQueues;
import io.orderflow.work.WorkTable;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Delivers due outbox mails over SMTP, as a {@link WorkQueue} on the outbox table: each message is claimed right before
 * it is sent, for a lease counted from that moment, so with several nodes exactly one sends it however long a batch
 * takes; a failed attempt is retried with exponential backoff until {@code max-attempts}, then the message is marked
 * FAILED for operators. A send that outlasts its lease is reported as a lost claim.
 * <p>
 * SMTP cannot say whether a mail whose answer was lost (the connection dropped after its last line) arrived, so such a
 * mail is sent again rather than lost. Every attempt carries the same {@code Message-ID}, made of the outbox row, so
 * the receiver's mail system and client see a second arrival as the same message.
 */
@Component
public class OutboxSender {

    /** The system property by which Jakarta Mail finds its stream provider. */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // unnamed, Jakarta Mail looks its stream provider up on the class path for every part of every message it
        // builds, a sixth of the cost of sending a mail; named, the class is loaded once
        System.getProperties().putIfAbsent(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    static final String HEADER_OUTBOX_ID = "X-Orderflow-Outbox-Id";
    static final String HEADER_TYPE = "X-Orderflow-Type";
    static final String HEADER_BUSINESS_KEY = "X-Orderflow-Business-Key";

    static final WorkTable TABLE = new WorkTable("notification_outbox", "business_key", "sent_at",
            OutboxMessage.Status.PENDING.name(), OutboxMessage.Status.FAILED.name());

    private final OutboxRepository outbox;
    private final JavaMailSender mailSender;
    private final NotificationProperties properties;
    private final WorkQueue queue;

    OutboxSender(OutboxRepository outbox, JavaMailSender mailSender, NotificationProperties properties,
            WorkQueues queues) {
        this.outbox = outbox;
        this.mailSender = mailSender;
        this.properties = properties;
        NotificationProperties.Sender sender = properties.sender();
        this.queue = queues.queue("outbox", TABLE, new WorkPolicy(sender.batchSize(), sender.lease(),
                sender.maxAttempts(), sender.initialBackoff(), sender.maxBackoff()), WorkQueue.Mode.EXTERNAL);
    }

    /** Sends what is due at {@code now}; returns the number of mails delivered. */
    public int sendDue(Instant now) {
        return (int) queue.runDue(now, this::send).stream().filter(Outcome.Done.class::isInstance).count();
    }

    private Outcome send(long id, Instant now) throws MessagingException {
        OutboxMessage message = outbox.findById(id).orElseThrow();
        mailSender.send(toMime(message));
        return Outcome.done(OutboxMessage.Status.SENT.name());
    }

    Duration backoff(int attempt) {
        return queue.policy().backoff(attempt);
    }

    private MimeMessage toMime(OutboxMessage message) throws MessagingException {
        MimeMessage mime = mailSender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
        helper.setFrom(properties.from());
        helper.setTo(message.getRecipient());
        helper.setSubject(message.getSubject());
        helper.setText(MailTemplates.toText(message.getBodyHtml()), message.getBodyHtml());
        mime.setHeader("Content-Language", message.getLocale());
        // kept by JavaMailSenderImpl when it saves the message, instead of a new random one per attempt
        mime.setHeader("Message-ID", messageId(message));
        mime.setHeader(HEADER_OUTBOX_ID, String.valueOf(message.getId()));
        mime.setHeader(HEADER_TYPE, message.getMessageType());
        if (message.getBusinessKey() != null) {
            mime.setHeader(HEADER_BUSINESS_KEY, message.getBusinessKey());
        }
        return mime;
    }

    /** The same for every attempt at one outbox row; its time of writing tells apart rows of two databases. */
    private String messageId(OutboxMessage message) throws AddressException {
        String sender = new InternetAddress(properties.from()).getAddress();
        return "<outbox." + message.getId() + "." + message.getCreatedAt().toEpochMilli()
                + sender.substring(sender.indexOf('@')) + ">";
    }
}
