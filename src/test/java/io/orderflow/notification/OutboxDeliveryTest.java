package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.orderflow.IntegrationTest;
import io.orderflow.sandbox.SandboxMailServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

class OutboxDeliveryTest extends IntegrationTest {

    @Autowired
    NotificationService notifications;
    @Autowired
    OutboxSender sender;
    @Autowired
    OutboxRepository outbox;
    @Autowired
    SandboxMailServer smtp;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JavaMailSender mailSender;
    @Autowired
    NotificationProperties properties;

    // a little ahead of the clock, so that mails written during the test are due
    Instant now = Instant.now().plusSeconds(5);

    @BeforeEach
    void emptyOutboxAndMailbox() {
        outbox.deleteAll();
        smtp.clear();
    }

    @Test
    void mailWrittenWhileSmtpIsDownIsDeliveredOnceWhenSmtpReturns() {
        smtp.stop();
        try {
            long id = enqueue("quote-received", Locale.GERMANY, "Q-DOWN-1");

            assertThat(sender.sendDue(now)).isZero();
            OutboxMessage afterFailure = outbox.findById(id).orElseThrow();
            assertThat(afterFailure.getStatus()).isEqualTo(OutboxMessage.Status.PENDING);
            assertThat(afterFailure.getAttempts()).isEqualTo(1);
            assertThat(afterFailure.getNextAttemptAt()).isAfter(now);
            assertThat(afterFailure.getLastError()).isNotBlank();
            assertThat(sender.sendDue(now)).as("not retried before its backoff").isZero();
        } finally {
            smtp.start();
        }

        Instant later = now.plus(properties.sender().initialBackoff()).plusSeconds(1);
        assertThat(sender.sendDue(later)).isEqualTo(1);
        assertThat(sender.sendDue(later.plusSeconds(3600))).isZero();

        assertThat(smtp.mails()).hasSize(1);
        SandboxMailServer.Mail mail = smtp.mails().get(0);
        assertThat(mail.to()).isEqualTo("buyer@clinic.example");
        assertThat(mail.subject()).isEqualTo("Ihre Angebotsanfrage Q-DOWN-1 ist eingegangen");
        assertThat(mail.locale()).isEqualTo("de");
        assertThat(outbox.findAll()).singleElement().satisfies(message -> {
            assertThat(message.getStatus()).isEqualTo(OutboxMessage.Status.SENT);
            assertThat(message.getAttempts()).isEqualTo(2);
        });
    }

    @Test
    void mailIsGivenUpAfterTheLastAttemptAndNotSentLater() {
        smtp.stop();
        long id;
        Instant at = now;
        try {
            id = enqueue("quote-received", Locale.US, "Q-DOWN-2");
            for (int attempt = 1; attempt <= properties.sender().maxAttempts(); attempt++) {
                sender.sendDue(at);
                at = at.plus(properties.sender().maxBackoff()).plusSeconds(1);
            }
        } finally {
            smtp.start();
        }

        assertThat(outbox.findById(id).orElseThrow().getStatus()).isEqualTo(OutboxMessage.Status.FAILED);
        assertThat(sender.sendDue(at)).isZero();
        assertThat(smtp.mails()).isEmpty();
    }

    @Test
    void twoNodesSendingTheSameOutboxDeliverEachMailOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            enqueue("quote-received", Locale.FRANCE, "Q-RACE-" + i);
        }
        OutboxSender otherNode = new OutboxSender(outbox, mailSender, transaction, properties, "other-node");
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> runs = List.of(() -> sender.sendDue(now), () -> otherNode.sendDue(now));
            int delivered = 0;
            for (Future<Integer> run : nodes.invokeAll(runs)) {
                delivered += run.get();
            }
            assertThat(delivered).isEqualTo(20);
        } finally {
            nodes.shutdown();
        }

        assertThat(smtp.mails()).hasSize(20);
        assertThat(smtp.mails()).extracting(SandboxMailServer.Mail::subject).doesNotHaveDuplicates();
    }

    @Test
    void templateLanguageFollowsTheLocaleAndFallsBackToEnglish() {
        enqueue("quote-received", Locale.FRANCE, "Q-FR");
        enqueue("quote-received", Locale.ITALY, "Q-IT");
        enqueue("quote-received", Locale.US, "Q-US");

        assertThat(outbox.findAll()).extracting(OutboxMessage::getBusinessKey, OutboxMessage::getLocale, OutboxMessage::getSubject)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Q-FR", "fr", "Nous avons bien reçu votre demande de devis Q-FR"),
                        org.assertj.core.groups.Tuple.tuple("Q-IT", "en", "We received your quote request Q-IT"),
                        org.assertj.core.groups.Tuple.tuple("Q-US", "en", "We received your quote request Q-US"));
    }

    @Test
    void outboxRowBelongsToTheCallersTransaction() {
        transaction.executeWithoutResult(status -> {
            notifications.enqueue(notification("quote-received", Locale.US, "Q-ROLLBACK"));
            status.setRollbackOnly();
        });

        assertThat(outbox.count()).isZero();
        assertThatThrownBy(() -> notifications.enqueue(notification("quote-received", Locale.US, "Q-NO-TX")))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void unknownMessageTypeIsRefusedWhenWritten() {
        assertThatThrownBy(() -> enqueue("no-such-mail", Locale.US, "Q-X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-mail");
    }

    @Test
    void backoffDoublesUpToItsCeiling() {
        Duration initial = properties.sender().initialBackoff();

        assertThat(sender.backoff(1)).isEqualTo(initial);
        assertThat(sender.backoff(2)).isEqualTo(initial.multipliedBy(2));
        assertThat(sender.backoff(3)).isEqualTo(initial.multipliedBy(4));
        assertThat(sender.backoff(60)).isEqualTo(properties.sender().maxBackoff());
    }

    @Test
    void plainTextAlternativeKeepsLinks() {
        String text = MailTemplates.toText("<html><head><title>T</title></head><body><p>Hello &amp; welcome</p>"
                + "<p><a href=\"https://x.example/q/abc\">Open your quote</a></p></body></html>");

        assertThat(text).isEqualTo("Hello & welcome\nOpen your quote (https://x.example/q/abc)");
    }

    private long enqueue(String type, Locale locale, String businessKey) {
        return transaction.execute(status -> notifications.enqueue(notification(type, locale, businessKey)));
    }

    private static Notification notification(String type, Locale locale, String businessKey) {
        return new Notification(type, locale, "buyer@clinic.example", businessKey,
                Map.of("quoteCode", businessKey, "buyerName", "Dr. Anna Schmidt"));
    }
}
