package io.orderflow.sandbox;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The orders of the sandbox's commerce, kept in a table of their own (created here, sandbox only), so that commerce
 * remembers them across restarts as a real one would: orders in flight can still be released, and new order codes
 * never repeat old ones. Two nodes on one database share it: numbers come from a database sequence, an idempotency key
 * makes one order however many nodes create it at once, and a change holds the order's row until it is written.
 */
@Component
@Profile("sandbox")
class CommerceOrderStore {

    private static final String PREFIX = "CO-";
    private static final int FIRST_NUMBER = 10000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final SandboxTables tables;

    CommerceOrderStore(JdbcTemplate jdbc, ObjectMapper json, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.json = json;
        this.transaction = transaction;
        this.tables = new SandboxTables(() -> {
            jdbc.execute("""
                    create table if not exists sandbox_commerce_order (
                        order_number integer primary key,
                        idempotency_key varchar(200) not null unique,
                        body varchar(100000) not null)""");
            // a sandbox of an older version numbered its orders itself: the sequence goes on after its last order
            Integer last = jdbc.queryForObject("select max(order_number) from sandbox_commerce_order", Integer.class);
            jdbc.execute("create sequence if not exists sandbox_commerce_order_number start with "
                    + ((last == null ? FIRST_NUMBER : last) + 1));
        });
    }

    /** The order created with this idempotency key, or a new one with the sequence's next number. */
    CommerceSimulator.Order createOnce(String idempotencyKey, Supplier<CommerceSimulator.Order> order) {
        tables.ensure();
        Optional<CommerceSimulator.Order> existing = byKey(idempotencyKey);
        if (existing.isPresent()) {
            return existing.get();
        }
        // nextval('…') is PostgreSQL's, and H2 2.x understands it too
        int number = jdbc.queryForObject("select nextval('sandbox_commerce_order_number')", Integer.class);
        CommerceSimulator.Order created = order.get().withCode(PREFIX + number);
        try {
            jdbc.update("insert into sandbox_commerce_order (order_number, idempotency_key, body) values (?, ?, ?)",
                    number, idempotencyKey, write(created));
            return created;
        } catch (DuplicateKeyException e) {
            // another node created the order for this key meanwhile: its order is the one
            return byKey(idempotencyKey).orElseThrow(() -> e);
        }
    }

    private Optional<CommerceSimulator.Order> byKey(String idempotencyKey) {
        return jdbc.queryForList("select body from sandbox_commerce_order where idempotency_key = ?", String.class,
                idempotencyKey).stream().findFirst().map(this::read);
    }

    Optional<CommerceSimulator.Order> find(String code) {
        return select(code, "");
    }

    /** Changes the order while holding its row, so that a change on another node waits and then sees this one. */
    Optional<CommerceSimulator.Order> change(String code, UnaryOperator<CommerceSimulator.Order> change) {
        tables.ensure(); // outside the transaction: on PostgreSQL a lost race to create would spoil it
        return transaction.execute(tx -> {
            Optional<CommerceSimulator.Order> changed = select(code, " for update").map(change);
            changed.ifPresent(order -> jdbc.update("update sandbox_commerce_order set body = ? where order_number = ?",
                    write(order), number(code)));
            return changed;
        });
    }

    private Optional<CommerceSimulator.Order> select(String code, String lock) {
        tables.ensure();
        Integer number = number(code);
        return number == null ? Optional.empty() : jdbc.queryForList(
                "select body from sandbox_commerce_order where order_number = ?" + lock, String.class, number).stream()
                .findFirst().map(this::read);
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
