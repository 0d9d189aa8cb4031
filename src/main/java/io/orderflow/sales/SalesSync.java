package io.orderflow.sales;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.retention.AgingOut;
import io.orderflow.work.Outcome;
import io.orderflow.work.WorkQueue;
import io.orderflow.work.WorkQueues;
import io.orderflow.work.WorkTable;
import io.orderflow.work.Worker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivers the events {@link SalesEvents} wrote to the sales system, as a {@link WorkQueue} in order per business key:
 * an event goes out only after every earlier event of its quote or order was delivered, from whichever node claims
 * it. A failed attempt is tried again with backoff; one that never gets through is FAILED, holds the later events of
 * its key back, and waits for an operator to deliver it again ({@link #redeliver(long)}). A delivery whose answer was
 * lost is sent again with the same event id, by which the receiver recognises it.
 */
@Component
public class SalesSync {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";

    /** The most passes one call makes: a backlog of long histories goes on with the worker's next turn. */
    private static final int MAX_PASSES = 50;

    static final WorkTable TABLE = new WorkTable("sales_event", "business_key", "delivered_at", PENDING, FAILED)
            .inOrderPerKey();

    private final SalesTarget target;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final WorkQueue queue;

    SalesSync(SalesTarget target, SalesProperties properties, WorkQueues queues, JdbcTemplate jdbc, ObjectMapper json,
            Clock clock) {
        this.target = target;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.queue = queues.queue("sales-events", TABLE, properties.sender().policy(), WorkQueue.Mode.EXTERNAL);
    }

    /**
     * Delivers what is due at {@code now}, pass after pass while a pass delivers something: a pass takes the next event
     * of each key, and the one after it becomes due only once it is delivered. Returns how many events were delivered.
     */
    public int deliverDue(Instant now) {
        int delivered = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            int done = (int) queue.runDue(now, this::deliver).stream().filter(Outcome.Done.class::isInstance).count();
            if (done == 0) {
                break;
            }
            delivered += done;
        }
        return delivered;
    }

    private Outcome deliver(long id, Instant now) throws Exception {
        target.deliver(event(id));
        return Outcome.done(DELIVERED);
    }

    SalesEvent event(long id) {
        return jdbc.queryForObject("select event_id, event_type, business_key, created_at, body from sales_event"
                + " where id = ?", (row, number) -> {
                    String body = row.getString("body");
                    try {
                        return new SalesEvent(row.getString("event_id"), row.getString("event_type"),
                                row.getString("business_key"), instant(row, "created_at"), body,
                                json.readTree(body).get("data"));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("Stored sales event " + id + " is not JSON", e);
                    }
                }, id);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** An operator's second chance for an event given up: due now, with its attempts counted afresh. */
    public boolean redeliver(long id) {
        return jdbc.update("update sales_event set status = ?, attempts = 0, next_attempt_at = ?"
                + " where id = ? and status = ?", PENDING, clock.instant().atOffset(ZoneOffset.UTC), id, FAILED) == 1;
    }

    /** The events that wait: those given up first, then the pending ones, oldest first. */
    public List<Waiting> waiting(int limit) {
        return jdbc.query("select id, event_type, business_key, status, attempts, next_attempt_at, last_error,"
                + " created_at from sales_event where status in (?, ?) order by case when status = ? then 0 else 1 end,"
                + " id fetch first " + limit + " rows only", (row, number) -> new Waiting(row.getLong("id"),
                        row.getString("event_type"), row.getString("business_key"), row.getString("status"),
                        row.getInt("attempts"), instant(row, "next_attempt_at"), row.getString("last_error"),
                        instant(row, "created_at")), FAILED, PENDING, FAILED);
    }

    public record Waiting(long id, String type, String businessKey, String status, int attempts, Instant nextAttemptAt,
            String lastError, Instant createdAt) {
    }

    /** The sales events' own worker thread: a slow sales system holds up its events only. */
    @Configuration
    static class Schedule {

        @Bean
        Worker salesWorker(SalesSync sync, SalesProperties properties, Clock clock) {
            return new Worker("sales-sync", properties.enabled() && properties.sender().enabled(),
                    properties.sender().interval(), () -> sync.deliverDue(clock.instant()));
        }

        @Bean
        AgingOut deliveredSalesEvents(JdbcTemplate jdbc) {
            return AgingOut.rows(jdbc, "delivered sales events", TABLE.name(), "status = '" + DELIVERED
                    + "' and delivered_at < ?");
        }
    }
}
