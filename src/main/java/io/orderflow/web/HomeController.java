package io.orderflow.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    private final ObjectProvider<HomeSection> sections;

    HomeController(ObjectProvider<HomeSection> sections) {
        this.sections = sections;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("sections", sections.orderedStream().toList());
        return "home";
    }
}
