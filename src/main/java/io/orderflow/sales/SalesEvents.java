package io.orderflow.sales;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the events the sales system hears of, in the transaction of the business change they tell of: an event
 * exists exactly when its change committed. {@link SalesSync} delivers them. Events of one business key keep the order
 * of their changes, which the business object's own row orders (two changes of one quote never commit side by side).
 */
@Component
public class SalesEvents {

    public static final String QUOTE = "quote";
    public static final String ORDER = "order";
    public static final String VALIDATION = "validation";

    private static final String SPEC_VERSION = "1.0";
    private static final String TYPE_PREFIX = "orderflow.";

    private final SalesTarget target;
    private final SalesProperties properties;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    SalesEvents(SalesTarget target, SalesProperties properties, JdbcTemplate jdbc, ObjectMapper json) {
        this.target = target;
        this.properties = properties;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records that {@code name} happened to the {@code kind} object {@code businessKey} at {@code at}, with a summary of
     * the object as {@code data}; nothing when no sales system takes events of that kind.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String kind, String name, String businessKey, Map<String, ?> data, Instant at) {
        if (!properties.enabled() || !target.accepts(kind)) {
            return;
        }
        String id = UUID.randomUUID().toString();
        String type = TYPE_PREFIX + kind + "." + name;
        // the envelope and its data written in one pass, not built as a tree first
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", SPEC_VERSION);
        event.put("id", id);
        event.put("source", properties.source());
        event.put("type", type);
        event.put("subject", businessKey);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(at));
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        String body;
        try {
            body = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + type + " of " + businessKey + " cannot be written", e);
        }
        jdbc.update("insert into sales_event (event_id, event_type, business_key, body, status, next_attempt_at,"
                + " created_at) values (?, ?, ?, ?, ?, ?, ?)", id, type, businessKey, body, SalesSync.PENDING,
                at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC));
    }
}
