package io.orderflow.validation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** For operators: the Reltio callbacks that have not (yet) reached a process, unknown ones first, then those given up. */
@Controller
class CallbackInboxPage {

    private final ReltioCallbackRepository callbacks;

    CallbackInboxPage(ReltioCallbackRepository callbacks) {
        this.callbacks = callbacks;
    }

    @GetMapping("/operations/reltio-callbacks")
    @Transactional(readOnly = true)
    String page(Model model) {
        List<ReltioCallback> open = new ArrayList<>(callbacks.findByStatusOrderByIdAsc(ReltioCallback.Status.UNKNOWN));
        open.addAll(callbacks.findByStatusOrderByIdAsc(ReltioCallback.Status.FAILED));
        open.addAll(callbacks.findByStatusOrderByIdAsc(ReltioCallback.Status.RECEIVED));
        model.addAttribute("callbacks", open);
        return "validation/callbacks";
    }
}
