package io.orderflow.notification;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** How amounts read in mails and buyers' pages. */
public final class Formats {

    private Formats() {
    }

    public static String money(BigDecimal amount, String currency, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(Currency.getInstance(currency));
        return format.format(amount);
    }

    /** A percentage as the locale writes it ("18 %" in German, "18%" in English); {@code percent} counts hundredths. */
    public static String percent(BigDecimal percent, Locale locale) {
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(2);
        return format.format(percent.movePointLeft(2));
    }
}
