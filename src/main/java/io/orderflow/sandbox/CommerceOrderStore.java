package io.orderflow.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The orders of the sandbox's commerce, kept in a table of their own (created here, sandbox only), so that commerce
 * remembers them across restarts as a real one would: orders in flight can still be released, and new order codes
 * never repeat old ones.
 */
@Component
@Profile("sandbox")
class CommerceOrderStore {

    private static final String PREFIX = "CO-";
    private static final int FIRST_NUMBER = 10000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    private volatile boolean tableReady;

    CommerceOrderStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Created at first use, not at start: the application's own migrations must find the database empty. */
    private void ensureTable() {
        if (!tableReady) {
            jdbc.execute("""
                    create table if not exists sandbox_commerce_order (
                        order_number integer primary key,
                        idempotency_key varchar(200) not null unique,
                        body varchar(100000) not null)""");
            tableReady = true;
        }
    }

    /** The order created with this idempotency key, or a new one numbered after the last. */
    synchronized CommerceSimulator.Order createOnce(String idempotencyKey, Supplier<CommerceSimulator.Order> order) {
        ensureTable();
        List<String> existing = jdbc.queryForList("select body from sandbox_commerce_order where idempotency_key = ?",
                String.class, idempotencyKey);
        if (!existing.isEmpty()) {
            return read(existing.get(0));
        }
        Integer last = jdbc.queryForObject("select max(order_number) from sandbox_commerce_order", Integer.class);
        int number = last == null ? FIRST_NUMBER + 1 : last + 1;
        CommerceSimulator.Order created = order.get().withCode(PREFIX + number);
        jdbc.update("insert into sandbox_commerce_order (order_number, idempotency_key, body) values (?, ?, ?)", number,
                idempotencyKey, write(created));
        return created;
    }

    Optional<CommerceSimulator.Order> find(String code) {
        ensureTable();
        Integer number = number(code);
        return number == null ? Optional.empty() : jdbc.queryForList(
                "select body from sandbox_commerce_order where order_number = ?", String.class, number).stream()
                .findFirst().map(this::read);
    }

    synchronized Optional<CommerceSimulator.Order> change(String code, UnaryOperator<CommerceSimulator.Order> change) {
        Optional<CommerceSimulator.Order> changed = find(code).map(change);
        changed.ifPresent(order -> jdbc.update("update sandbox_commerce_order set body = ? where order_number = ?",
                write(order), number(code)));
        return changed;
    }

    private static Integer number(String code) {
        if (code == null || !code.matches(PREFIX + "\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(code.substring(PREFIX.length()));
    }

    private String write(CommerceSimulator.Order order) {
        try {
            return json.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private CommerceSimulator.Order read(String body) {
        try {
            return json.readValue(body, CommerceSimulator.Order.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
