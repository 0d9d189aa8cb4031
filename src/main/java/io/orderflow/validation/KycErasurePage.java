package io.orderflow.validation;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * For operators: a customer's KYC data erased on request (a data subject's request, say), with the reason, which the
 * audit timeline of each order shows with the operator's name; and the erasures done so far.
 */
@Controller
class KycErasurePage {

    static final int SHOWN = 200;

    private final KycErasure erasure;
    KycErasurePage(KycErasure erasure) {
        this.erasure = erasure;
    }

    @GetMapping("/operations/kyc-erasure")
    String page(Model model) {
        model.addAttribute("erased", erasure.lately(SHOWN));
        model.addAttribute("shown", SHOWN);
        return "validation/kyc-erasure";
    }

    @PostMapping("/operations/kyc-erasure")
    String erase(@RequestParam String customerId, @RequestParam String reason, Principal operator,
            RedirectAttributes redirect) {
        if (customerId.isBlank() || reason.isBlank() || reason.length() > KycErasure.REASON_LENGTH) {
            redirect.addFlashAttribute("message", "Name the customer and the reason (at most "
                    + KycErasure.REASON_LENGTH + " characters): the erasure is audited with both.");
            return "redirect:/operations/kyc-erasure";
        }
        KycErasure.Request done = erasure.eraseCustomer(customerId.strip(), operator.getName(), reason.strip());
        redirect.addFlashAttribute("message", "Customer " + done.customerId() + ": KYC data of "
                + done.erased().size() + " finished order(s) erased " + done.erased()
                + (done.running().isEmpty() ? "." : "; orders still running keep theirs until they finish: "
                + done.running() + "."));
        return "redirect:/operations/kyc-erasure";
    }
}
