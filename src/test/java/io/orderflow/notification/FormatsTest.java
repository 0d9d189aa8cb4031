package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static final Locale GERMAN = Locale.GERMANY;

    @Test
    void moneyIsWrittenInTheLocaleWithTheQuotesCurrency() {
        assertThat(Formats.money(new BigDecimal("1234.5"), "EUR", GERMAN)).isEqualTo("1.234,50\u00a0€");
        assertThat(Formats.money(new BigDecimal("1234.5"), "USD", Locale.US)).isEqualTo("$1,234.50");
        // the same locale with another currency is another format
        assertThat(Formats.money(new BigDecimal("1234.5"), "USD", GERMAN)).isEqualTo("1.234,50\u00a0$");
        assertThat(Formats.money(new BigDecimal("1234.5"), "EUR", GERMAN)).isEqualTo("1.234,50\u00a0€");
    }

    @Test
    void percentKeepsUpToTwoDecimals() {
        assertThat(Formats.percent(new BigDecimal("18"), GERMAN)).isEqualTo("18\u00a0%");
        assertThat(Formats.percent(new BigDecimal("12.346"), Locale.US)).isEqualTo("12.35%");
    }
}
