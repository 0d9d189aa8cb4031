package io.orderflow.audit;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import io.orderflow.web.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The auditors' read-only view: search, then one timeline per quote or order. */
@Controller
class AuditController {

    private final AuditTimeline timeline;

    AuditController(AuditTimeline timeline) {
        this.timeline = timeline;
    }

    @GetMapping("/audit")
    String search(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("found", q == null || q.isBlank() ? java.util.List.of() : timeline.search(q.strip()));
        return "audit/search";
    }

    /**
     * Times are written in the reader's language in UTC, which the server knows; the page's script then shows them in
     * the reader's own time zone, which only the browser knows.
     */
    @GetMapping("/audit/{key}")
    String timeline(@PathVariable String key, Locale locale, Model model) {
        model.addAttribute("timeline", timeline.of(key).orElseThrow(() -> ApiException.notFound("Quote or order", key)));
        model.addAttribute("times", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                .withZone(ZoneOffset.UTC));
        return "audit/timeline";
    }
}
