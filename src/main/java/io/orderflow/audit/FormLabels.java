package io.orderflow.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * The words a person saw on a task's Camunda form: each field's label and each option's label, so that a decision
 * reads "Outcome: Send offer" rather than {@code reviewOutcome=offer}. Read from the form files the processes deploy.
 */
@Component
class FormLabels {

    record Field(String label, Map<String, String> options) {
    }

    private final ObjectMapper json;
    private final Map<String, Map<String, Field>> formsByRef = new ConcurrentHashMap<>();

    FormLabels(ObjectMapper json) {
        this.json = json;
    }

    /** "Label: value" for a field of the form, the field's key where the form does not name it. */
    String describe(String formRef, String key, Object value) {
        Field field = formRef == null ? null : formsByRef.computeIfAbsent(formRef, this::read).get(key);
        String text = text(value);
        if (field == null) {
            return key + ": " + text;
        }
        return field.label() + ": " + field.options().getOrDefault(text, text);
    }

    private static String text(Object value) {
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Boolean yes) {
            return yes ? "yes" : "no";
        }
        return String.valueOf(value);
    }

    private Map<String, Field> read(String formRef) {
        Map<String, Field> fields = new HashMap<>();
        try (InputStream in = FormLabels.class.getResourceAsStream("/forms/" + formRef + ".form")) {
            if (in == null) {
                return fields;
            }
            for (JsonNode component : json.readTree(in).path("components")) {
                if (!component.hasNonNull("key")) {
                    continue;
                }
                Map<String, String> options = new HashMap<>();
                component.path("values").forEach(option -> options.put(option.path("value").asText(), option.path("label").asText()));
                fields.put(component.path("key").asText(),
                        new Field(component.path("label").asText(component.path("key").asText()), options));
            }
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
