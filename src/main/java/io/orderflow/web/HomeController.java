package io.orderflow.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    record Link(String path, String name, String description) {
    }

    private static final List<Link> LINKS = List.of(
            new Link("/camunda/app/tasklist/", "Tasklist", "work on quote reviews, approvals and validations"),
            new Link("/camunda/app/cockpit/", "Cockpit", "running processes, incidents, retries; process history"),
            new Link("/camunda/app/admin/", "Admin", "users, groups, authorizations"),
            new Link("/operations/reltio-callbacks", "Undelivered callbacks", "validation results that found no process"),
            new Link("/operations/sales-events", "Undelivered sales events", "what the sales system has not taken yet"),
            new Link("/operations/kyc-erasure", "KYC data erasure", "a customer's KYC data erased on request"),
            new Link("/operations/migrations", "Model migrations", "instances left on an older version of a model"),
            new Link("/audit", "Audit", "one timeline per quote and order"),
            new Link("/reports", "Reports", "quotes, conversion, discounts, orders, overdue tasks"),
            new Link("/swagger-ui.html", "API documentation", "the checkout API /api/v1"));

    /** Operators' pages: who may open one of them is shown the dashboard too. */
    private static final String OPERATIONS = "/operations/sales-events";

    private final ObjectProvider<HomeSection> sections;
    private final PageAccess access;
    private final String dashboardUrl;

    HomeController(ObjectProvider<HomeSection> sections, PageAccess access,
            @Value("${orderflow.operations.dashboard-url:}") String dashboardUrl) {
        this.sections = sections;
        this.access = access;
        this.dashboardUrl = dashboardUrl;
    }

    /** Each user sees the pages they can open, and no link that would end in a refusal. */
    @GetMapping("/")
    String home(Authentication user, Model model) {
        model.addAttribute("user", user.getName());
        List<Link> links = new ArrayList<>(LINKS.stream().filter(link -> access.canOpen(link.path(), user)).toList());
        if (!dashboardUrl.isBlank() && access.canOpen(OPERATIONS, user)) {
            links.add(new Link(dashboardUrl, "Dashboard", "business health: open and overdue work, incidents, backlogs"));
        }
        model.addAttribute("links", links);
        model.addAttribute("sections", sections.orderedStream().toList());
        return "home";
    }
}
