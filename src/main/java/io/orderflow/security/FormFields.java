package io.orderflow.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fields a person fills in on a Camunda Form (form-js schema) and the rules the form declares for them: the
 * enabled input components with a {@code key}, their type, {@code validate} (required, min, max, minLength,
 * maxLength, pattern) and, for radio and select, the allowed {@code values} (or {@code valuesKey}, the variable
 * holding them). Disabled and read-only components only show data and cannot be submitted.
 */
final class FormFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TEXT = Set.of("textfield", "textarea");
    private static final Set<String> CHOICE = Set.of("radio", "select");
    private static final Set<String> INPUTS = Set.of("textfield", "textarea", "number", "checkbox", "radio", "select",
            "datetime");

    record Field(String key, String type, boolean required, BigDecimal min, BigDecimal max, Integer minLength,
            Integer maxLength, Pattern pattern, List<String> values, String valuesKey) {
    }

    private final Map<String, Field> fields;

    private FormFields(Map<String, Field> fields) {
        this.fields = fields;
    }

    static FormFields parse(InputStream form) {
        try (form) {
            Map<String, Field> fields = new LinkedHashMap<>();
            collect(JSON.readTree(form).path("components"), fields);
            return new FormFields(fields);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable Camunda form", e);
        }
    }

    /** A form with no fields: what a task without a form accepts. */
    static FormFields none() {
        return new FormFields(Map.of());
    }

    Collection<Field> all() {
        return fields.values();
    }

    /**
     * What is wrong with the submitted values, one sentence per field, naming it; empty when they may be submitted.
     *
     * @param submitted the submitted values, already plain (no serialized objects)
     * @param current the value a field has now, for required fields left out and for {@code valuesKey} lists
     */
    List<String> problems(Map<String, Object> submitted, Function<String, Object> current) {
        List<String> problems = new ArrayList<>();
        List<String> unknown = submitted.keySet().stream().filter(name -> !fields.containsKey(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            problems.add(String.join(", ", unknown) + (unknown.size() == 1 ? " is not a field" : " are not fields")
                    + " of this task's form");
        }
        for (Field field : fields.values()) {
            boolean sent = submitted.containsKey(field.key());
            Object value = sent ? submitted.get(field.key()) : current.apply(field.key());
            String problem = problem(field, value, current);
            if (problem != null) {
                problems.add(field.key() + " " + problem);
            }
        }
        return problems;
    }

    private static String problem(Field field, Object value, Function<String, Object> current) {
        if (value == null || value instanceof String text && text.isBlank()) {
            return field.required() ? "is required" : null;
        }
        if (field.type().equals("number")) {
            return number(field, value);
        }
        if (TEXT.contains(field.type())) {
            return value instanceof String text ? text(field, text) : "must be text";
        }
        if (CHOICE.contains(field.type())) {
            List<String> allowed = field.valuesKey() != null ? optionValues(current.apply(field.valuesKey())) : field.values();
            return allowed.contains(String.valueOf(value)) ? null : "must be one of " + allowed;
        }
        if (field.type().equals("checkbox")) {
            return value instanceof Boolean ? null : "must be true or false";
        }
        if (field.type().equals("datetime")) {
            return value instanceof String || value instanceof Date ? null : "must be a date";
        }
        return "cannot be submitted";
    }

    private static String number(Field field, Object value) {
        if (!(value instanceof Number number)) {
            return "must be a number";
        }
        if (number instanceof Double d && !Double.isFinite(d) || number instanceof Float f && !Float.isFinite(f)) {
            return "must be a finite number";
        }
        BigDecimal decimal = new BigDecimal(number.toString());
        if (field.min() != null && decimal.compareTo(field.min()) < 0 || field.max() != null && decimal.compareTo(field.max()) > 0) {
            return "must be between " + plain(field.min()) + " and " + plain(field.max());
        }
        return null;
    }

    private static String text(Field field, String text) {
        if (field.maxLength() != null && text.length() > field.maxLength()) {
            return "must be at most " + field.maxLength() + " characters";
        }
        if (field.minLength() != null && text.length() < field.minLength()) {
            return "must be at least " + field.minLength() + " characters";
        }
        if (field.pattern() != null && !field.pattern().matcher(text).find()) {
            return "must match " + field.pattern().pattern();
        }
        return null;
    }

    /** A {@code valuesKey} variable holds [{label, value}, …] (or plain values), as a list or as JSON. */
    private static List<String> optionValues(Object options) {
        // a Json variable (what Tasklist needs to show the options) reads back as a Spin node, whose text is the JSON
        JsonNode node = options instanceof Collection<?> || options instanceof Map<?, ?> ? JSON.valueToTree(options)
                : options == null ? null : readQuietly(options.toString());
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(option -> values.add(option.has("value") ? option.get("value").asText() : option.asText()));
        }
        return values;
    }

    private static JsonNode readQuietly(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private static String plain(BigDecimal bound) {
        return bound == null ? "…" : bound.stripTrailingZeros().toPlainString();
    }

    private static void collect(JsonNode components, Map<String, Field> fields) {
        for (JsonNode component : components) {
            collect(component.path("components"), fields);
            String type = component.path("type").asText();
            if (!component.hasNonNull("key") || !INPUTS.contains(type) || component.path("disabled").asBoolean(false)
                    || component.path("readonly").asBoolean(false)) {
                continue;
            }
            JsonNode validate = component.path("validate");
            List<String> values = new ArrayList<>();
            component.path("values").forEach(option -> values.add(option.path("value").asText()));
            String key = component.get("key").asText();
            fields.put(key, new Field(key, type, validate.path("required").asBoolean(false),
                    decimal(validate.get("min")), decimal(validate.get("max")), integer(validate.get("minLength")),
                    integer(validate.get("maxLength")), pattern(validate.get("pattern")), List.copyOf(values),
                    component.hasNonNull("valuesKey") ? component.get("valuesKey").asText() : null));
        }
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.decimalValue();
    }

    private static Integer integer(JsonNode node) {
        return node == null || !node.canConvertToInt() ? null : node.asInt();
    }

    private static Pattern pattern(JsonNode node) {
        if (node == null || node.asText().isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(node.asText());
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("Camunda form has an invalid pattern: " + node.asText(), e);
        }
    }
}
