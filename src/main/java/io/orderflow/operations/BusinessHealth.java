package io.orderflow.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The business's health as Micrometer gauges, for Prometheus ({@code /actuator/prometheus}) and the dashboard in
 * {@code docker/}: quotes by state and country, offers about to expire, open and overdue human tasks per step, incidents
 * per activity, and per durable queue its backlog, the age of its oldest item and its items given up. The figures are
 * read from the shared database every {@code orderflow.operations.metrics-refresh}, so every node reports the same
 * ones: a dashboard takes their maximum over the nodes, never their sum.
 */
@Component
public class BusinessHealth {

    /** A durable queue: its table, the status of items waiting, of items given up, and when an item was written. */
    private record Queue(String name, String table, String pending, String failed, String writtenAt) {
    }

    private static final List<Queue> QUEUES = List.of(
            new Queue("mail", "notification_outbox", "PENDING", "FAILED", "created_at"),
            new Queue("reltio-callbacks", "reltio_callback", "RECEIVED", "FAILED", "received_at"),
            new Queue("sales-events", "sales_event", "PENDING", "FAILED", "created_at"));

    private final JdbcTemplate jdbc;
    private final OperationsProperties properties;
    private final Clock clock;
    private final MultiGauge quotes;
    private final MultiGauge expiringOffers;
    private final MultiGauge openTasks;
    private final MultiGauge overdueTasks;
    private final MultiGauge incidents;
    private final MultiGauge backlog;
    private final MultiGauge oldest;
    private final MultiGauge failed;

    BusinessHealth(JdbcTemplate jdbc, OperationsProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.quotes = gauge(meters, "orderflow.quotes", "Quotes by state and country");
        this.expiringOffers = gauge(meters, "orderflow.offers.expiring",
                "Offers that expire within orderflow.operations.expiring-within, by country");
        this.openTasks = gauge(meters, "orderflow.tasks.open", "Open human tasks by process and step");
        this.overdueTasks = gauge(meters, "orderflow.tasks.overdue", "Open human tasks past their due date");
        this.incidents = gauge(meters, "orderflow.incidents", "Open incidents by process and activity");
        this.backlog = gauge(meters, "orderflow.backlog.items", "Items of a durable queue waiting to be done");
        this.oldest = MultiGauge.builder("orderflow.backlog.oldest.age").baseUnit("seconds")
                .description("Age of the oldest item of a durable queue waiting to be done").register(meters);
        this.failed = gauge(meters, "orderflow.backlog.failed", "Items of a durable queue given up after their attempts");
    }

    private static MultiGauge gauge(MeterRegistry meters, String name, String description) {
        return MultiGauge.builder(name).description(description).register(meters);
    }

    /** Reads the figures anew. */
    @Scheduled(fixedDelayString = "${orderflow.operations.metrics-refresh:30s}")
    @Transactional(readOnly = true)
    public void refresh() {
        Instant now = clock.instant();
        quotes.register(rows("select state, country, count(*) as n from quote group by state, country",
                "state", "country"), true);
        expiringOffers.register(rows("select country, count(*) as n from quote where state = 'OFFERED'"
                + " and expires_at <= ? group by country", List.of(utc(now.plus(properties.expiringWithin()))),
                "country"), true);
        String tasks = "select d.key_ as process, t.task_def_key_ as step, count(*) as n from act_ru_task t"
                + " join act_re_procdef d on d.id_ = t.proc_def_id_";
        openTasks.register(rows(tasks + " group by d.key_, t.task_def_key_", "process", "step"), true);
        overdueTasks.register(rows(tasks + " where t.due_date_ < ? group by d.key_, t.task_def_key_",
                List.of(Timestamp.from(now)), "process", "step"), true);
        incidents.register(rows("select d.key_ as process, i.activity_id_ as activity, count(*) as n"
                + " from act_ru_incident i join act_re_procdef d on d.id_ = i.proc_def_id_"
                + " group by d.key_, i.activity_id_", "process", "activity"), true);
        List<MultiGauge.Row<?>> waiting = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        List<MultiGauge.Row<?>> givenUp = new ArrayList<>();
        for (Queue queue : QUEUES) {
            Map<String, Object> row = jdbc.queryForMap("select count(*) as n, min(" + queue.writtenAt() + ") as oldest"
                    + " from " + queue.table() + " where status = ?", queue.pending());
            Tags tags = Tags.of("queue", queue.name());
            waiting.add(MultiGauge.Row.of(tags, number(row.get("n"))));
            Instant first = instant(row.get("oldest"));
            ages.add(MultiGauge.Row.of(tags, first == null ? 0 : Math.max(0, Duration.between(first, now).toSeconds())));
            givenUp.add(MultiGauge.Row.of(tags, number(jdbc.queryForObject("select count(*) from " + queue.table()
                    + " where status = ?", Long.class, queue.failed()))));
        }
        backlog.register(waiting, true);
        oldest.register(ages, true);
        failed.register(givenUp, true);
    }

    private List<MultiGauge.Row<?>> rows(String sql, String... tags) {
        return rows(sql, List.of(), tags);
    }

    private List<MultiGauge.Row<?>> rows(String sql, List<Object> arguments, String... tags) {
        return jdbc.query(sql, (row, number) -> {
            String[] pairs = new String[tags.length * 2];
            for (int i = 0; i < tags.length; i++) {
                pairs[2 * i] = tags[i];
                pairs[2 * i + 1] = row.getString(tags[i]);
            }
            return MultiGauge.Row.of(Tags.of(pairs), row.getLong("n"));
        }, arguments.toArray());
    }

    private static Object utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return null;
    }
}
