package io.orderflow.notification;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How amounts read in mails and buyers' pages. A format is built once per locale and currency (building one reads the
 * locale's data) and copied for each use, since a format is not safe to share between threads.
 */
public final class Formats {

    private static final Map<String, NumberFormat> MONEY = new ConcurrentHashMap<>();
    private static final Map<Locale, NumberFormat> PERCENT = new ConcurrentHashMap<>();

    private Formats() {
    }

    public static String money(BigDecimal amount, String currency, Locale locale) {
        NumberFormat format = MONEY.computeIfAbsent(locale.toLanguageTag() + ' ' + currency, key -> {
            NumberFormat built = NumberFormat.getCurrencyInstance(locale);
            built.setCurrency(Currency.getInstance(currency));
            return built;
        });
        return ((NumberFormat) format.clone()).format(amount);
    }

    /** A percentage as the locale writes it ("18 %" in German, "18%" in English); {@code percent} counts hundredths. */
    public static String percent(BigDecimal percent, Locale locale) {
        NumberFormat format = PERCENT.computeIfAbsent(locale, key -> {
            NumberFormat built = NumberFormat.getPercentInstance(locale);
            built.setMaximumFractionDigits(2);
            return built;
        });
        return ((NumberFormat) format.clone()).format(percent.movePointLeft(2));
    }
}
