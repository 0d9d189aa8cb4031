package io.orderflow.quote;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.orderflow.country.CountrySettings;
import io.orderflow.notification.Formats;
import io.orderflow.security.SignedLinks;
import io.orderflow.web.ApiException;
import io.orderflow.web.PageLocale;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The buyer's quote page behind the signed link in the offer mail, in the buyer's language. A decision the buyer
 * repeats (a double click, a resent form) lands on the page showing its outcome, as the first one does.
 */
@Controller
class QuotePageController {

    /** One line of the offer as the buyer reads it. */
    record LineView(String sku, String product, int quantity, String unitPrice, String offeredPrice) {
    }

    /** A link that is tampered with, of another kind or expired. */
    static final class InvalidLink extends RuntimeException {

        final String token;

        InvalidLink(String token) {
            super("Quote link invalid or expired", null, false, false);
            this.token = token;
        }
    }

    private final QuoteService quotes;
    private final QuoteEventStream events;
    private final SignedLinks links;
    private final CountrySettings countries;
    private final MessageSource messages;
    private final Clock clock;

    QuotePageController(QuoteService quotes, QuoteEventStream events, SignedLinks links, CountrySettings countries,
            MessageSource messages, Clock clock) {
        this.quotes = quotes;
        this.events = events;
        this.links = links;
        this.countries = countries;
        this.messages = messages;
        this.clock = clock;
    }

    /** @param repeated the decision the buyer took again, which the page then confirms */
    @GetMapping("/q/{token}")
    String page(@PathVariable String token, @RequestParam(required = false) String repeated, Model model,
            HttpServletRequest request) {
        Quote quote = quotes.get(code(token));
        String notice = repeated != null && QuoteService.decided(quote, repeated) ? "quote.page.repeated." + repeated : null;
        return render(quote, token, notice, model, request);
    }

    @GetMapping(value = "/q/{token}/events", produces = "text/event-stream")
    SseEmitter events(@PathVariable String token,
            @RequestHeader(value = "Last-Event-ID", required = false) Long lastEventId) {
        return events.subscribeFromCurrentState(code(token), lastEventId);
    }

    @PostMapping("/q/{token}/{action:accept|decline|renegotiate}")
    ModelAndView act(@PathVariable String token, @PathVariable String action,
            @RequestParam(required = false) String comment, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        Quote quote = quotes.get(code(token));
        String buyer = quote.getCustomerId();
        try {
            QuoteController.retryOnConflict(() -> {
                switch (action) {
                    case QuoteProcess.Values.ACCEPT -> quotes.accept(quote.getCode(), buyer, quote.getB2bUnitId());
                    case QuoteProcess.Values.DECLINE -> quotes.decline(quote.getCode(), buyer, comment);
                    default -> quotes.renegotiate(quote.getCode(), buyer, comment);
                }
                return null;
            });
        } catch (ApiException refused) {
            if (refused.problem().getStatus() != HttpStatus.CONFLICT.value()) {
                throw refused;
            }
            Quote meanwhile = quotes.get(quote.getCode());
            if (QuoteService.decided(meanwhile, action)) {
                return seeOther("/q/" + token + "?repeated=" + action);
            }
            response.setStatus(HttpStatus.CONFLICT.value());
            return new ModelAndView(render(meanwhile, token, "quote.page.notNow", model, request));
        }
        return seeOther("/q/" + token);
    }

    @ExceptionHandler(InvalidLink.class)
    String invalidLink(InvalidLink e, HttpServletRequest request, HttpServletResponse response) {
        // an intact but expired link still tells whose it was; otherwise the browser's language decides
        links.signedReference(QuoteMails.LINK_KIND, e.token).flatMap(quotes::find)
                .ifPresent(quote -> PageLocale.use(request, quote.locale()));
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "invalid-link";
    }

    private String render(Quote quote, String token, String noticeKey, Model model, HttpServletRequest request) {
        Locale locale = quote.locale();
        PageLocale.use(request, locale);
        CountrySettings.Country country = countries.country(quote.getCountry());
        String lastValidDay = quote.getLastValidDay() == null ? ""
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(quote.getLastValidDay());
        Map<String, String> stateNames = new LinkedHashMap<>();
        Map<String, String> stateNotes = new LinkedHashMap<>();
        Arrays.stream(QuoteState.values()).forEach(state -> {
            stateNames.put(state.name(), messages.getMessage("quote.state." + state, null, locale));
            stateNotes.put(state.name(), messages.getMessage("quote.page.note." + state, new Object[] {lastValidDay}, locale));
        });
        model.addAttribute("quote", quote);
        model.addAttribute("token", token);
        model.addAttribute("locale", locale);
        model.addAttribute("notice", noticeKey == null ? null : messages.getMessage(noticeKey, null, locale));
        model.addAttribute("actions", QuoteService.allowedActions(quote));
        model.addAttribute("versions", quotes.versions(quote.getCode()));
        model.addAttribute("lines", quote.getLines().stream().map(line -> new LineView(line.getSku(),
                country.productName(line.getSku()), line.getQuantity(),
                Formats.money(line.getUnitPrice(), quote.getCurrency(), locale),
                quote.getOfferedDiscount() == null ? "–"
                        : Formats.money(quote.discounted(line.getUnitPrice()), quote.getCurrency(), locale))).toList());
        model.addAttribute("listValue", Formats.money(quote.listValue(), quote.getCurrency(), locale));
        model.addAttribute("discount", Formats.percent(quote.discount(), locale));
        model.addAttribute("netValue", Formats.money(quote.netValue(), quote.getCurrency(), locale));
        model.addAttribute("stateNames", stateNames);
        model.addAttribute("stateNotes", stateNotes);
        return "quote/page";
    }

    /** After a decision the browser loads the page anew (303: with GET, so a reload does not post again). */
    private static ModelAndView seeOther(String path) {
        RedirectView redirect = new RedirectView(path, true);
        redirect.setStatusCode(HttpStatus.SEE_OTHER);
        redirect.setExposeModelAttributes(false);
        return new ModelAndView(redirect);
    }

    private String code(String token) {
        return links.verify(QuoteMails.LINK_KIND, token, clock.instant()).orElseThrow(() -> new InvalidLink(token));
    }
}
