package io.orderflow.country;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.orderflow.web.ApiException;
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

    /** Checks that a cart can be sold: a country we sell in, its currency, and only products sold there. */
    public void checkSale(String country, String currency, List<String> skus) {
        if (country == null || !countries.containsKey(country)) {
            throw ApiException.badRequest("country", "is not a country we sell in: " + codes());
        }
        Country settings = countries.get(country);
        if (!settings.currency().getCurrencyCode().equals(currency)) {
            throw ApiException.badRequest("currency", "must be " + settings.currency().getCurrencyCode() + " in " + country);
        }
        for (int i = 0; i < skus.size(); i++) {
            if (!settings.products().containsKey(skus.get(i))) {
                throw ApiException.badRequest("items[" + i + "].sku", "'" + skus.get(i) + "' is not sold in " + country);
            }
        }
    }

    public record Country(
            Locale locale,
            ZoneId timeZone,
            Currency currency,
            Duration quoteValidity,
            Duration inactivityReminder,
            Duration beforeExpiryReminder,
            Duration reviewDue,
            Map<String, String> products) {

        public Country {
            quoteValidity = quoteValidity == null ? Duration.ofDays(30) : quoteValidity;
            inactivityReminder = inactivityReminder == null ? Duration.ofDays(7) : inactivityReminder;
            beforeExpiryReminder = beforeExpiryReminder == null ? Duration.ofDays(3) : beforeExpiryReminder;
            reviewDue = reviewDue == null ? Duration.ofDays(2) : reviewDue;
            products = products == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(products));
        }

        /** The name buyers in the country read for the product; its SKU where the catalogue names none. */
        public String productName(String sku) {
            return products.getOrDefault(sku, sku);
        }
    }
}
