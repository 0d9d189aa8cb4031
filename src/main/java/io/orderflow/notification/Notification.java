package io.orderflow.notification;

import java.util.Locale;
import java.util.Map;

/**
 * An email to send: the message type picks the template, the locale its language.
 *
 * @param type        template name under {@code templates/mail/}, e.g. {@code quote-received}
 * @param businessKey the quote or order it belongs to, for the audit trail and the logs
 */
public record Notification(String type, Locale locale, String recipient, String businessKey, Map<String, Object> model) {
}
