package io.orderflow.quote;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import io.orderflow.country.CountrySettings;
import org.springframework.stereotype.Component;

/**
 * Every date of a quote, computed from the country settings in the country's time zone: the review due date, and
 * for an offer its last valid day, expiry and the three reminders.
 */
@Component
public class QuoteSchedule {

    /** Reminders on a given day go out at the start of the buyer's business day. */
    static final LocalTime REMINDER_TIME = LocalTime.of(8, 0);

    private final CountrySettings countries;

    QuoteSchedule(CountrySettings countries) {
        this.countries = countries;
    }

    /**
     * @param lastValidDay           the last day the offer can be accepted, in the country's calendar
     * @param expiresAt              the end of that day in the country's time zone
     * @param inactivityReminderAt   the offer time plus the inactivity period
     * @param beforeExpiryReminderAt 08:00 local, the configured number of days before the last valid day
     * @param expiryDayReminderAt    08:00 local on the last valid day
     */
    public record OfferDates(Instant offeredAt, LocalDate lastValidDay, Instant expiresAt, Instant inactivityReminderAt,
            Instant beforeExpiryReminderAt, Instant expiryDayReminderAt) {
    }

    public OfferDates offer(String country, Instant offeredAt, int validityDays) {
        CountrySettings.Country settings = countries.country(country);
        ZoneId zone = settings.timeZone();
        LocalDate lastValidDay = offeredAt.atZone(zone).toLocalDate().plusDays(validityDays);
        return new OfferDates(offeredAt, lastValidDay,
                lastValidDay.plusDays(1).atStartOfDay(zone).toInstant(),
                offeredAt.plus(settings.inactivityReminder()),
                lastValidDay.minusDays(settings.beforeExpiryReminder().toDays()).atTime(REMINDER_TIME).atZone(zone).toInstant(),
                lastValidDay.atTime(REMINDER_TIME).atZone(zone).toInstant());
    }

    public Instant reviewDue(String country, Instant now) {
        return now.plus(countries.country(country).reviewDue());
    }

    public int defaultValidityDays(String country) {
        return (int) countries.country(country).quoteValidity().toDays();
    }

    public ZoneId zone(String country) {
        return countries.country(country).timeZone();
    }
}
