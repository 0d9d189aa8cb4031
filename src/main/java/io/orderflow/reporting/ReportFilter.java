package io.orderflow.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.orderflow.web.ApiException;

/**
 * What a report covers: quotes and orders created from the start of {@code from} to the end of {@code to} (days in
 * UTC, both included), in one country or, when {@code country} is null, in all.
 */
public record ReportFilter(LocalDate from, LocalDate to, String country) {

    public static final String ALL = "all";
    static final int DEFAULT_DAYS = 90;
    private static final int FIRST_YEAR = 2000;
    private static final int LAST_YEAR = 2999;

    /** Reads the request parameters; a value that cannot be used is refused naming the parameter. */
    static ReportFilter parse(String from, String to, String country, LocalDate today, Set<String> countries) {
        LocalDate end = blank(to) ? today : date("to", to);
        LocalDate start = blank(from) ? end.minusDays(DEFAULT_DAYS) : date("from", from);
        if (start.isAfter(end)) {
            throw ApiException.badRequest("from", "must not be after 'to' (" + start + " is after " + end + ")");
        }
        return new ReportFilter(start, end, country(country, countries));
    }

    Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant no longer covered. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The countries the report shows, in the order of the configured ones. */
    List<String> countries(Set<String> configured) {
        return country == null ? configured.stream().sorted().toList() : List.of(country);
    }

    /** The value of the {@code country} parameter that selects this filter's countries. */
    public String countryParameter() {
        return country == null ? ALL : country;
    }

    private static LocalDate date(String parameter, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(parameter, "must be an ISO date like 2025-01-31, not '" + shorten(value) + "'");
        }
        if (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR) {
            throw ApiException.badRequest(parameter, "must lie between the years " + FIRST_YEAR + " and " + LAST_YEAR);
        }
        return date;
    }

    private static String country(String value, Set<String> countries) {
        if (blank(value) || ALL.equalsIgnoreCase(value.trim())) {
            return null;
        }
        String code = value.trim().toUpperCase(Locale.ROOT);
        if (!countries.contains(code)) {
            throw ApiException.badRequest("country", "must be '" + ALL + "' or one of " + String.join(", ",
                    countries.stream().sorted().toList()) + ", not '" + shorten(value) + "'");
        }
        return code;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
