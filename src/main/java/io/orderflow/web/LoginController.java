package io.orderflow.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The form login page, in the application's style and the reader's language, with the notes capabilities add. */
@Controller
class LoginController {

    private final ObjectProvider<LoginNote> notes;

    LoginController(ObjectProvider<LoginNote> notes) {
        this.notes = notes;
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("notes", notes.orderedStream().toList());
        return "login";
    }
}
