package io.orderflow.country;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CountrySettingsTest {

    private static CountrySettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("orderflow", CountrySettings.class).get();
    }

    @Test
    void unsetDurationsAndProductsFallBackToDefaults() {
        CountrySettings.Country us = bind(Map.of("orderflow.countries.US.currency", "USD")).country("US");

        assertThat(us.quoteValidity()).isEqualTo(Duration.ofDays(30));
        assertThat(us.inactivityReminder()).isEqualTo(Duration.ofDays(7));
        assertThat(us.beforeExpiryReminder()).isEqualTo(Duration.ofDays(3));
        assertThat(us.reviewDue()).isEqualTo(Duration.ofDays(2));
        assertThat(us.products()).isEmpty();
    }

    @Test
    void explicitValuesOverrideDefaults() {
        CountrySettings.Country de = bind(Map.of(
                "orderflow.countries.DE.quote-validity", "14d",
                "orderflow.countries.DE.inactivity-reminder", "5d",
                "orderflow.countries.DE.before-expiry-reminder", "36h",
                "orderflow.countries.DE.review-due", "PT4H",
                "orderflow.countries.DE.products.SKU-CONS-100", "Infusionsset",
                "orderflow.countries.DE.products.SKU-CAP-200", "Patientenmonitor")).country("DE");

        assertThat(de.quoteValidity()).isEqualTo(Duration.ofDays(14));
        assertThat(de.inactivityReminder()).isEqualTo(Duration.ofDays(5));
        assertThat(de.beforeExpiryReminder()).isEqualTo(Duration.ofHours(36));
        assertThat(de.reviewDue()).isEqualTo(Duration.ofHours(4));
        assertThat(de.products()).containsOnly(Map.entry("SKU-CONS-100", "Infusionsset"),
                Map.entry("SKU-CAP-200", "Patientenmonitor"));
        assertThat(de.productName("SKU-CAP-200")).isEqualTo("Patientenmonitor");
        assertThat(de.productName("SKU-UNKNOWN")).isEqualTo("SKU-UNKNOWN");
    }

    @Test
    void localeTimeZoneAndCurrencyParseFromTheirUsualSpelling() {
        CountrySettings settings = bind(Map.of(
                "orderflow.countries.US.locale", "en-US",
                "orderflow.countries.US.time-zone", "America/New_York",
                "orderflow.countries.US.currency", "USD",
                "orderflow.countries.FR.locale", "fr_FR",
                "orderflow.countries.FR.time-zone", "Europe/Paris",
                "orderflow.countries.FR.currency", "EUR"));

        assertThat(settings.country("US").locale()).isEqualTo(Locale.US);
        assertThat(settings.country("US").timeZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(settings.country("US").currency()).isEqualTo(Currency.getInstance("USD"));
        assertThat(settings.country("FR").locale()).isEqualTo(Locale.FRANCE);
        assertThat(settings.country("FR").timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(settings.country("FR").currency()).isEqualTo(Currency.getInstance("EUR"));
    }

    @Test
    void codesListTheConfiguredCountriesAndLookupIgnoresCase() {
        CountrySettings settings = bind(Map.of(
                "orderflow.countries.US.currency", "USD",
                "orderflow.countries.de.currency", "EUR"));

        assertThat(settings.codes()).containsExactly("DE", "US");
        assertThat(settings.country("us").currency()).isEqualTo(Currency.getInstance("USD"));
        assertThat(settings.country("DE").currency()).isEqualTo(Currency.getInstance("EUR"));
    }

    @Test
    void unconfiguredCountryThrowsNamingTheCode() {
        CountrySettings settings = bind(Map.of("orderflow.countries.US.currency", "USD"));

        assertThatThrownBy(() -> settings.country("XX"))
                .isInstanceOfSatisfying(UnknownCountryException.class, e -> assertThat(e.code()).isEqualTo("XX"))
                .hasMessageContaining("XX");
        assertThatThrownBy(() -> settings.country(null)).isInstanceOf(UnknownCountryException.class);
    }

    @Test
    void noCountriesConfiguredMeansNoCodes() {
        assertThat(new CountrySettings(null).codes()).isEmpty();
    }

    @Test
    void productsAreImmutable() {
        var country = new CountrySettings.Country(null, null, null, null, null, null, null,
                new java.util.HashMap<>(Map.of("SKU-CONS-100", "Infusion set")));

        assertThatThrownBy(() -> country.products().put("SKU-X", "X")).isInstanceOf(UnsupportedOperationException.class);
    }
}
