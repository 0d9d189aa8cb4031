package io.orderflow.sales;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * For operators: the events the sales system has not taken yet, those given up first, each of which holds its quote's
 * or order's later events back; one given up can be delivered again.
 */
@Controller
class SalesEventsPage {

    static final int SHOWN = 500;

    private final SalesSync sync;

    SalesEventsPage(SalesSync sync) {
        this.sync = sync;
    }

    @GetMapping("/operations/sales-events")
    String page(Model model) {
        model.addAttribute("events", sync.waiting(SHOWN));
        model.addAttribute("shown", SHOWN);
        return "sales/events";
    }

    @PostMapping("/operations/sales-events/{id}/redeliver")
    String redeliver(@PathVariable long id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("message", sync.redeliver(id)
                ? "Event " + id + " is delivered again with the next pass."
                : "Event " + id + " is not given up (any more): nothing to deliver again.");
        return "redirect:/operations/sales-events";
    }
}
