package io.orderflow.sandbox;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The sandbox's SMTP server: every mail the application sends lands here and on {@code /sandbox/mailbox}. It listens on
 * the address the application sends to, so it is switched off ({@code orderflow.sandbox.mail-server.enabled}) where
 * mail goes to an SMTP server of its own, as on the nodes of a cluster.
 */
@Component
@Profile("sandbox")
@ConditionalOnProperty(name = "orderflow.sandbox.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class SandboxMailServer implements SmartLifecycle {

    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    public record Mail(String to, String subject, String locale, Instant receivedAt, String text, List<String> links,
            String messageId) {
    }

    private final GreenMail greenMail;
    private volatile boolean running;

    SandboxMailServer(@Value("${spring.mail.host}") String host, @Value("${spring.mail.port}") int port) {
        this.greenMail = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
    }

    /** Starts before the application's beans that send mail and stops after them. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }

    @Override
    public synchronized void start() {
        greenMail.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        greenMail.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public List<Mail> mails() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(SandboxMailServer::toMail).toList();
    }

    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot clear the sandbox mailbox", e);
        }
    }

    private static Mail toMail(MimeMessage message) {
        try {
            String html = part(message, "text/html");
            String text = part(message, "text/plain");
            List<String> links = new ArrayList<>();
            Matcher href = HREF.matcher(html == null ? "" : html);
            while (href.find()) {
                links.add(href.group(1).replace("&amp;", "&"));
            }
            Instant received = message.getReceivedDate() != null ? message.getReceivedDate().toInstant()
                    : message.getSentDate() != null ? message.getSentDate().toInstant() : null;
            String[] language = message.getHeader("Content-Language");
            return new Mail(String.join(", ", Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .map(Object::toString).toList()), message.getSubject(),
                    language == null ? null : language[0], received, text != null ? text : html, links,
                    message.getMessageID());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Unreadable mail in the sandbox mailbox", e);
        }
    }

    private static String part(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType)) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                String found = part(body, mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
