package io.orderflow.sandbox;

import java.util.Comparator;
import java.util.List;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
@Profile("sandbox")
class MailboxController {

    private final SandboxMailServer mailServer;

    MailboxController(SandboxMailServer mailServer) {
        this.mailServer = mailServer;
    }

    @GetMapping("/sandbox/mailbox")
    String mailbox(Model model) {
        model.addAttribute("mails", newestFirst());
        return "sandbox/mailbox";
    }

    @GetMapping(value = "/sandbox/mailbox.json", produces = "application/json")
    @ResponseBody
    List<SandboxMailServer.Mail> mailboxJson() {
        return newestFirst();
    }

    private List<SandboxMailServer.Mail> newestFirst() {
        return mailServer.mails().stream()
                .sorted(Comparator.comparing(SandboxMailServer.Mail::receivedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }
}
