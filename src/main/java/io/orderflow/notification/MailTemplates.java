package io.orderflow.notification;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/** Renders {@code templates/mail/<type>_<language>.html}; the {@code <title>} is the subject. */
@Component
class MailTemplates {

    static final Set<String> LANGUAGES = Set.of("en", "de", "fr");
    static final String FALLBACK_LANGUAGE = "en";

    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", Pattern.DOTALL);

    record Rendered(String language, String subject, String html) {
    }

    private final ITemplateEngine templateEngine;
    private final ResourceLoader resources;
    private final Map<String, Boolean> templates = new ConcurrentHashMap<>();

    MailTemplates(ITemplateEngine templateEngine, ResourceLoader resources) {
        this.templateEngine = templateEngine;
        this.resources = resources;
    }

    Rendered render(Notification notification) {
        String language = language(notification.type(), notification.locale());
        Context context = new Context(notification.locale(), notification.model());
        String html = templateEngine.process("mail/" + notification.type() + "_" + language, context);
        Matcher title = TITLE.matcher(html);
        if (!title.find()) {
            throw new IllegalStateException("Mail template " + notification.type() + "_" + language + " has no <title>");
        }
        return new Rendered(language, HtmlUtils.htmlUnescape(title.group(1).strip()), html);
    }

    private String language(String type, Locale locale) {
        String language = locale == null ? FALLBACK_LANGUAGE : locale.getLanguage();
        if (LANGUAGES.contains(language) && exists(type, language)) {
            return language;
        }
        if (!exists(type, FALLBACK_LANGUAGE)) {
            throw new IllegalArgumentException("No mail template for message type " + type);
        }
        return FALLBACK_LANGUAGE;
    }

    /** Templates come with the application: whether one exists is looked up once. */
    private boolean exists(String type, String language) {
        return templates.computeIfAbsent(type + "_" + language,
                name -> resources.getResource("classpath:templates/mail/" + name + ".html").exists());
    }

    /** A plain-text alternative that keeps the links readable for mail clients without HTML. */
    static String toText(String html) {
        String text = html.replaceAll("(?s)<head>.*?</head>", "");
        text = LINK.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(2) + " (" + match.group(1) + ")"));
        text = text.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</(p|h[1-6]|li|tr|div)>", "\n");
        text = text.replaceAll("<[^>]+>", "");
        text = HtmlUtils.htmlUnescape(text);
        return text.replaceAll("[ \\t]+", " ").replaceAll(" *\\n *", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }
}
