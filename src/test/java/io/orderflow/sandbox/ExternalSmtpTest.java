package io.orderflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.ui.ExtendedModelMap;

/**
 * A sandbox node with its embedded SMTP server switched off sends its mails to the SMTP server configured, as the nodes
 * of a cluster send them to the cluster's one mail server; its mailbox page says where they went. (The sandbox's mail
 * beans in a context of their own: a second whole application would need a second Camunda engine in this JVM.)
 */
class ExternalSmtpTest {

    private GreenMail externalSmtp;
    private ApplicationContextRunner sandbox;

    @BeforeEach
    void startExternalSmtp() {
        // on the address the node sends to: an embedded server there would take the port or fail to start
        externalSmtp = new GreenMail(new ServerSetup(freeLocalPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        externalSmtp.start();
        sandbox = new ApplicationContextRunner()
                .withInitializer(context -> context.getEnvironment().setActiveProfiles("sandbox"))
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withUserConfiguration(SandboxMailServer.class, MailboxController.class)
                .withPropertyValues("spring.mail.host=127.0.0.1", "spring.mail.port=" + externalSmtp.getSmtp().getPort());
    }

    @AfterEach
    void stopExternalSmtp() {
        externalSmtp.stop();
    }

    @Test
    void mailGoesToTheConfiguredSmtpServerWhenTheEmbeddedOneIsOff() {
        sandbox.withPropertyValues("orderflow.sandbox.mail-server.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SandboxMailServer.class);
            SimpleMailMessage mail = new SimpleMailMessage();
            mail.setFrom("orders@orderflow.example");
            mail.setTo("buyer@clinic.example");
            mail.setSubject("Sent past the sandbox");
            mail.setText("Hello");

            context.getBean(JavaMailSender.class).send(mail);

            assertThat(externalSmtp.getReceivedMessages()).singleElement().satisfies(received ->
                    assertThat(received.getSubject()).isEqualTo("Sent past the sandbox"));
        });
    }

    @Test
    void mailboxPageSaysWhereMailGoesAndItsJsonIsNotFoundWhenTheEmbeddedServerIsOff() {
        sandbox.withPropertyValues("orderflow.sandbox.mail-server.enabled=false").run(context -> {
            MailboxController mailbox = context.getBean(MailboxController.class);
            ExtendedModelMap page = new ExtendedModelMap();

            assertThat(mailbox.mailbox(page)).isEqualTo("sandbox/mailbox");
            assertThat(page.get("externalSmtp")).isEqualTo("127.0.0.1:" + externalSmtp.getSmtp().getPort());
            ResponseEntity<?> json = mailbox.mailboxJson();
            assertThat(json.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(((ProblemDetail) json.getBody()).getDetail()).contains("orderflow.sandbox.mail-server.enabled");
        });
    }

    @Test
    void theEmbeddedServerIsOnByDefault() {
        externalSmtp.stop();
        sandbox.run(context -> {
            assertThat(context).hasSingleBean(SandboxMailServer.class);
            assertThat(context.getBean(MailboxController.class).mailboxJson().getStatusCode()).isEqualTo(HttpStatus.OK);
        });
    }

    private static int freeLocalPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
