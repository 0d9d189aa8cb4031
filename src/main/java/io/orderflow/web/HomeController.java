package io.orderflow.web;

import java.util.Arrays;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    private final Environment environment;

    HomeController(Environment environment) {
        this.environment = environment;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("sandbox", Arrays.asList(environment.getActiveProfiles()).contains("sandbox"));
        return "home";
    }
}
