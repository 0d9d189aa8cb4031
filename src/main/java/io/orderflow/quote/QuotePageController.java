package io.orderflow.quote;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import io.orderflow.notification.Formats;
import io.orderflow.security.SignedLinks;
import io.orderflow.web.ApiException;
import io.orderflow.web.PageLocale;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The buyer's quote page behind the signed link in the offer mail, in the buyer's language. */
@Controller
class QuotePageController {

    private final QuoteService quotes;
    private final QuoteEventStream events;
    private final SignedLinks links;
    private final Clock clock;

    QuotePageController(QuoteService quotes, QuoteEventStream events, SignedLinks links, Clock clock) {
        this.quotes = quotes;
        this.events = events;
        this.links = links;
        this.clock = clock;
    }

    @GetMapping("/q/{token}")
    String page(@PathVariable String token, Model model, HttpServletRequest request) {
        Quote quote = quotes.get(code(token));
        Locale locale = quote.locale();
        PageLocale.use(request, locale);
        model.addAttribute("quote", quote);
        model.addAttribute("token", token);
        model.addAttribute("locale", locale);
        model.addAttribute("actions", QuoteService.allowedActions(quote));
        model.addAttribute("versions", quotes.versions(quote.getCode()));
        model.addAttribute("listValue", Formats.money(quote.listValue(), quote.getCurrency(), locale));
        model.addAttribute("netValue", Formats.money(quote.netValue(), quote.getCurrency(), locale));
        model.addAttribute("lastValidDay", quote.getLastValidDay() == null ? null
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(quote.getLastValidDay()));
        return "quote/page";
    }

    @GetMapping(value = "/q/{token}/events", produces = "text/event-stream")
    SseEmitter events(@PathVariable String token,
            @org.springframework.web.bind.annotation.RequestHeader(value = "Last-Event-ID", required = false) Long lastEventId) {
        return events.subscribe(code(token), lastEventId);
    }

    @PostMapping("/q/{token}/{action:accept|decline|renegotiate}")
    String act(@PathVariable String token, @PathVariable String action,
            @RequestParam(required = false) String comment) {
        Quote quote = quotes.get(code(token));
        String buyer = quote.getCustomerId();
        QuoteController.retryOnConflict(() -> {
            switch (action) {
                case QuoteProcess.Values.ACCEPT -> quotes.accept(quote.getCode(), buyer, quote.getB2bUnitId());
                case QuoteProcess.Values.DECLINE -> quotes.decline(quote.getCode(), buyer, comment);
                default -> quotes.renegotiate(quote.getCode(), buyer, comment);
            }
            return null;
        });
        return "redirect:/q/" + token;
    }

    private String code(String token) {
        return links.verify(QuoteMails.LINK_KIND, token, clock.instant())
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "link-invalid", "Link invalid or expired",
                        "This quote link is not valid (any more).", java.util.List.of()));
    }
}
