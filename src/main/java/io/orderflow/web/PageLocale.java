package io.orderflow.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * Pages for buyers speak the buyer's language, which the page's data decides (a quote's locale), not the browser;
 * other pages follow {@code Accept-Language}.
 */
@Configuration
public class PageLocale {

    private static final String ATTRIBUTE = PageLocale.class.getName();

    public static void use(HttpServletRequest request, Locale locale) {
        request.setAttribute(ATTRIBUTE, locale);
    }

    @Bean
    LocaleResolver localeResolver() {
        return new AcceptHeaderLocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                Object chosen = request.getAttribute(ATTRIBUTE);
                return chosen instanceof Locale locale ? locale : super.resolveLocale(request);
            }
        };
    }
}
