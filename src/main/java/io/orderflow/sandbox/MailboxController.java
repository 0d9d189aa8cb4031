package io.orderflow.sandbox;

import java.util.Comparator;
import java.util.List;

import io.orderflow.web.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The mails the embedded SMTP server received. With the server off the page says where mail goes instead, and the JSON
 * answers 404: a script must not read "no mail yet" from a mailbox that no mail will ever reach.
 */
@Controller
@Profile("sandbox")
class MailboxController {

    private final ObjectProvider<SandboxMailServer> mailServer;
    private final String smtp;

    MailboxController(ObjectProvider<SandboxMailServer> mailServer, @Value("${spring.mail.host}") String host,
            @Value("${spring.mail.port}") int port) {
        this.mailServer = mailServer;
        this.smtp = host + ":" + port;
    }

    @GetMapping("/sandbox/mailbox")
    String mailbox(Model model) {
        SandboxMailServer server = mailServer.getIfAvailable();
        model.addAttribute("mails", server == null ? List.of() : newestFirst(server));
        model.addAttribute("externalSmtp", server == null ? smtp : null);
        return "sandbox/mailbox";
    }

    @GetMapping(value = "/sandbox/mailbox.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> mailboxJson() {
        SandboxMailServer server = mailServer.getIfAvailable();
        if (server == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(HttpStatus.NOT_FOUND, "sandbox-mailbox-off", "The sandbox mailbox is off",
                            "The embedded SMTP server is off (orderflow.sandbox.mail-server.enabled=false): mail goes to "
                                    + smtp, null));
        }
        return ResponseEntity.ok(newestFirst(server));
    }

    private static List<SandboxMailServer.Mail> newestFirst(SandboxMailServer server) {
        return server.mails().stream()
                .sorted(Comparator.comparing(SandboxMailServer.Mail::receivedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }
}
