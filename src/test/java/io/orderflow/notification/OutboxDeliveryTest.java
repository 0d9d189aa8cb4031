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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderflow.IntegrationTest;
import io.orderflow.sandbox.SandboxMailServer;
import io.orderflow.work.WorkQueues;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

@ExtendWith(OutputCaptureExtension.class)
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
    @Autowired
    MeterRegistry meters;
    @Autowired
    WorkQueues queues;

    // a little ahead of the clock, so that mails written during the test are due
    Instant now = Instant.now().plusSeconds(5);

    @BeforeEach
    void emptyOutboxAndMailbox() {
        outbox.deleteAll();
        smtp.clear();
    }

    @AfterEach
    void realClock() {
        ClockUtil.reset();
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
        OutboxSender otherNode = new OutboxSender(outbox, mailSender, properties, queues.onNode("other-node"));
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
    void slowSmtpOutlastingTheLeaseOfABatchStillSendsEachMailOnceAcrossTwoNodes() {
        int mails = 30;
        for (int i = 0; i < mails; i++) {
            enqueue("quote-received", Locale.US, "Q-SLOW-" + i);
        }
        ClockUtil.setCurrentTime(java.util.Date.from(now));
        OutboxSender otherNode = new OutboxSender(outbox, mailSender, properties, queues.onNode("other-node"));
        // 5 s a mail: the 28th send starts 135 s into the batch, past a lease of 2 minutes counted from its start;
        // the other node looks at the outbox while it is being sent
        int sendsUntilPastTheLease = (int) (properties.sender().lease().toSeconds() / 5) + 4;
        OutboxSender slowNode = new OutboxSender(outbox, slowSmtp(Duration.ofSeconds(5), send -> {
            if (send == sendsUntilPastTheLease) {
                otherNode.sendDue(clockNow());
            }
        }), properties, queues.onNode("slow-node"));
        double lostBefore = lostClaims();

        slowNode.sendDue(clockNow());

        assertThat(smtp.mails()).extracting(SandboxMailServer.Mail::subject).hasSize(mails).doesNotHaveDuplicates();
        assertThat(outbox.findAll()).hasSize(mails).allSatisfy(message -> {
            assertThat(message.getStatus()).isEqualTo(OutboxMessage.Status.SENT);
            assertThat(message.getAttempts()).isEqualTo(1);
        });
        assertThat(lostClaims()).as("no claim ran out").isEqualTo(lostBefore);
    }

    @Test
    void sendOutlastingItsOwnLeaseIsReportedAsALostClaim(CapturedOutput output) {
        long id = enqueue("quote-received", Locale.US, "Q-LOST");
        ClockUtil.setCurrentTime(java.util.Date.from(now));
        OutboxSender otherNode = new OutboxSender(outbox, mailSender, properties, queues.onNode("other-node"));
        // one send that outlasts the lease: meanwhile the other node takes the mail over and sends it
        Duration longerThanTheLease = properties.sender().lease().plusSeconds(1);
        OutboxSender stuckNode = new OutboxSender(outbox, slowSmtp(longerThanTheLease, send -> {
            assertThat(otherNode.sendDue(clockNow())).isEqualTo(1);
        }), properties, queues.onNode("stuck-node"));
        double lostBefore = lostClaims();

        assertThat(stuckNode.sendDue(clockNow())).as("not counted as delivered by the node that lost it").isZero();

        assertThat(lostClaims()).isEqualTo(lostBefore + 1);
        assertThat(output.getOut()).containsPattern("WARN .*Q-LOST");
        assertThat(outbox.findById(id).orElseThrow()).satisfies(message -> {
            assertThat(message.getStatus()).isEqualTo(OutboxMessage.Status.SENT);
            assertThat(message.getAttempts()).isEqualTo(1);
        });
    }

    @Test
    void resendAfterAnAnswerLostInTransitIsTheSameMessageToItsReceiver() {
        long id = enqueue("quote-received", Locale.GERMANY, "Q-ECHO");
        // the server takes the mail but its answer never arrives, as when the connection drops after the last line
        OutboxSender unanswered = new OutboxSender(outbox, new DelegatingSender(mailSender) {
            @Override
            public void send(MimeMessage... messages) {
                deliver(messages);
                throw new org.springframework.mail.MailSendException("Connection closed before the answer");
            }
        }, properties, queues);

        assertThat(unanswered.sendDue(now)).isZero();
        assertThat(sender.sendDue(now.plus(properties.sender().maxBackoff()))).isOne();

        List<SandboxMailServer.Mail> copies = smtp.mails();
        assertThat(copies).hasSize(2);
        assertThat(copies).extracting(SandboxMailServer.Mail::messageId).containsOnly(copies.get(0).messageId());
        assertThat(copies.get(0).messageId()).startsWith("<outbox." + id + ".").endsWith("@orderflow.example>");
        long otherId = enqueue("quote-received", Locale.GERMANY, "Q-ECHO");
        sender.sendDue(now.plus(properties.sender().maxBackoff()));
        assertThat(smtp.mails()).hasSize(3).last().extracting(SandboxMailServer.Mail::messageId).as("another mail")
                .isNotEqualTo(copies.get(0).messageId()).asString().startsWith("<outbox." + otherId + ".");
    }

    private Instant clockNow() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    private double lostClaims() {
        Counter counter = meters.find("orderflow.work.lost.claims").tag("queue", "outbox").counter();
        return counter == null ? 0 : counter.count();
    }

    /** SMTP that takes {@code duration} of the engine clock for each mail; {@code during} runs in the middle of it. */
    private JavaMailSender slowSmtp(Duration duration, IntConsumer during) {
        AtomicInteger sends = new AtomicInteger();
        return new DelegatingSender(mailSender) {
            @Override
            public void send(MimeMessage... messages) {
                for (MimeMessage message : messages) {
                    ClockUtil.setCurrentTime(java.util.Date.from(clockNow().plus(duration)));
                    during.accept(sends.incrementAndGet());
                    deliver(message);
                }
            }
        };
    }

    /** The application's SMTP sender, for a test to change what one send does. */
    private static class DelegatingSender implements JavaMailSender {
        private final JavaMailSender delegate;

        DelegatingSender(JavaMailSender delegate) {
            this.delegate = delegate;
        }

        @Override
        public MimeMessage createMimeMessage() {
            return delegate.createMimeMessage();
        }

        @Override
        public MimeMessage createMimeMessage(java.io.InputStream content) {
            return delegate.createMimeMessage(content);
        }

        @Override
        public void send(MimeMessage... messages) {
            deliver(messages);
        }

        final void deliver(MimeMessage... messages) {
            delegate.send(messages);
        }

        @Override
        public void send(org.springframework.mail.SimpleMailMessage... messages) {
            delegate.send(messages);
        }
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
    void jakartaMailBuildsMessagesWithTheStreamProviderTheSenderNames() {
        assertThat(jakarta.mail.util.StreamProvider.provider().getClass().getName())
                .as("loaded by the name the sender gives, not looked up on the class path")
                .isEqualTo(System.getProperty(OutboxSender.STREAM_PROVIDER));
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
