package io.orderflow.country;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties(prefix = "orderflow")
public record CountrySettings(Map<String, Country> countries) {

    public CountrySettings {
        var byCode = new TreeMap<String, Country>();
        // Keys are upper-cased so that `orderflow.countries.us` and `.US` address the same country.
        if (countries != null) {
            countries.forEach((code, country) -> byCode.put(code.toUpperCase(Locale.ROOT), country));
        }
        countries = Collections.unmodifiableMap(byCode);
    }

    public Country country(String code) {
        Country country = code == null ? null : countries.get(code.trim().toUpperCase(Locale.ROOT));
        if (country == null) {
            throw new UnknownCountryException(code);
        }
        return country;
    }

    public Set<String> codes() {
        return countries.keySet();
    }

    public record Country(
            Locale locale,
            ZoneId timeZone,
            Currency currency,
            Duration quoteValidity,
            Duration inactivityReminder,
            Duration beforeExpiryReminder,
            Duration reviewDue,
            List<String> products) {

        public Country {
            quoteValidity = quoteValidity == null ? Duration.ofDays(30) : quoteValidity;
            inactivityReminder = inactivityReminder == null ? Duration.ofDays(7) : inactivityReminder;
            beforeExpiryReminder = beforeExpiryReminder == null ? Duration.ofDays(3) : beforeExpiryReminder;
            reviewDue = reviewDue == null ? Duration.ofDays(2) : reviewDue;
            products = products == null ? List.of() : List.copyOf(products);
        }
    }
}
