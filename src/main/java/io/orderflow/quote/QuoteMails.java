package io.orderflow.quote;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.orderflow.notification.Formats;
import io.orderflow.notification.Notification;
import io.orderflow.notification.NotificationService;
import io.orderflow.security.SignedLinks;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The quote's emails: what each message type is told, formatted for the buyer's locale. */
@Component
class QuoteMails {

    static final String LINK_KIND = "quote";
    /** Buyers can still open an expired offer for a while, to see what it was. */
    static final Duration LINK_GRACE = Duration.ofDays(90);

    static final String RECEIVED = "quote-received";
    static final String OFFERED = "quote-offered";
    static final String REJECTED = "quote-rejected";
    static final String EXPIRED = "quote-expired";
    static final String REVIEW_OVERDUE = "review-overdue";

    private final NotificationService notifications;
    private final SignedLinks links;
    private final QuoteSchedule schedule;
    private final String publicBaseUrl;

    QuoteMails(NotificationService notifications, SignedLinks links, QuoteSchedule schedule,
            @Value("${orderflow.public-base-url}") String publicBaseUrl) {
        this.notifications = notifications;
        this.links = links;
        this.schedule = schedule;
        this.publicBaseUrl = publicBaseUrl;
    }

    void toBuyer(Quote quote, String type, Instant now) {
        notifications.enqueue(new Notification(type, quote.locale(), quote.getBuyerEmail(), quote.getCode(),
                model(quote, now)));
    }

    /** A staff member who is mailed, in their own language (never the buyer's). */
    record StaffRecipient(String email, Locale locale) {
    }

    void toManagers(String code, String country, List<StaffRecipient> recipients, Instant reviewDueAt, String taskName) {
        recipients.forEach(recipient -> notifications.enqueue(new Notification(REVIEW_OVERDUE, recipient.locale(),
                recipient.email(), code, Map.of("quoteCode", code, "taskName", taskName,
                        "reviewDueAt", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(recipient.locale())
                                .format(reviewDueAt.atZone(schedule.zone(country))),
                        "tasklistLink", publicBaseUrl + "/camunda/app/tasklist/default/"))));
    }

    String quoteLink(Quote quote, Instant now) {
        Instant until = (quote.getExpiresAt() != null ? quote.getExpiresAt() : now).plus(LINK_GRACE);
        return publicBaseUrl + "/q/" + links.sign(LINK_KIND, quote.getCode(), until);
    }

    private Map<String, Object> model(Quote quote, Instant now) {
        Locale locale = quote.locale();
        Map<String, Object> model = new HashMap<>();
        model.put("quoteCode", quote.getCode());
        model.put("buyerName", quote.getBuyerName() != null ? quote.getBuyerName() : quote.getCustomerId());
        model.put("quoteLink", quoteLink(quote, now));
        model.put("netValue", Formats.money(quote.netValue(), quote.getCurrency(), locale));
        model.put("listValue", Formats.money(quote.listValue(), quote.getCurrency(), locale));
        model.put("discountPercent", Formats.percent(quote.discount(), locale));
        model.put("version", quote.getCurrentVersion());
        model.put("sellerComment", quote.getSellerComment());
        LocalDate lastValidDay = quote.getLastValidDay();
        if (lastValidDay != null) {
            model.put("lastValidDay", DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(lastValidDay));
            LocalDate today = now.atZone(schedule.zone(quote.getCountry())).toLocalDate();
            model.put("daysLeft", Math.max(0, ChronoUnit.DAYS.between(today, lastValidDay)));
        }
        return model;
    }
}
