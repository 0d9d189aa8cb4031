package io.orderflow.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Timestamp;
import java.time.Instant;

import io.orderflow.IntegrationTest;
import io.orderflow.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A look for due work reads the first items of a backlog from the table's due index, in the order it takes them, and
 * stops there: with 3,000 items waiting (two per key) beside 2,000 done, neither a sort of all of them nor, for the
 * sales events that go in order per key, a pass over all waiting items for each one due. That holds whether the
 * table's statistics were taken with the backlog or before it formed, when nothing waited: PostgreSQL analyses a
 * table only after a share of it has changed, so a backlog that has just built up (a neighbour down for an hour) is
 * first read on the statistics of an empty queue. The rows are written in a transaction that is rolled back. A question
 * of PostgreSQL's planner: on H2, the sandbox's database, these tests are skipped.
 */
class DueWorkOrderTest extends IntegrationTest {

    private static final int DONE = 2000;
    private static final int WAITING = 3000;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;

    @ParameterizedTest(name = "{0}, statistics taken {1} the backlog")
    @CsvSource({"sales_event, with", "sales_event, before", "notification_outbox, with", "notification_outbox, before"})
    void theFirstDueItemsAreReadInOrderFromTheDueIndex(String table, String statistics) {
        assumeTrue(TestDatabase.postgres(), "a question of PostgreSQL's planner; H2 is the sandbox's database");
        boolean sales = table.equals("sales_event");
        WorkTable work = sales
                ? new WorkTable(table, "business_key", "delivered_at", "PENDING", "FAILED").inOrderPerKey()
                : new WorkTable(table, "business_key", "sent_at", "PENDING", "FAILED");
        String plan = transaction.execute(tx -> {
            tx.setRollbackOnly();
            items(table, "done", DONE);
            if (statistics.equals("before")) {
                jdbc.execute("analyze " + table);
            }
            items(table, "waiting", WAITING);
            if (statistics.equals("with")) {
                jdbc.execute("analyze " + table);
            }
            Timestamp now = Timestamp.from(Instant.now());
            return String.join("\n", jdbc.queryForList("explain " + work.dueQuery(100), String.class, "PENDING", now, now));
        });
        assertThat(plan).contains("Index Scan using ix_" + table + "_due on " + table + " due_item")
                .doesNotContain("Sort").doesNotContain("Hash");
        if (sales) {
            assertThat(plan).contains("Index Scan using ix_sales_event_key on sales_event earlier");
        }
    }

    /** {@code count} items, two per key, done a minute ago or waiting since then. */
    private void items(String table, String state, int count) {
        boolean done = state.equals("done");
        boolean sales = table.equals("sales_event");
        String columns = sales
                ? "event_id, event_type, body, delivered_at"
                : "recipient, message_type, locale, subject, body_html, sent_at";
        String values = sales
                ? "concat('" + state + "-', x), 'quote.requested', '{}'"
                : "'buyer@example.com', 'QUOTE_RECEIVED', 'en-US', 'Quote', '<p>'";
        jdbc.update("insert into " + table + " (" + columns + ", business_key, status, next_attempt_at, created_at)"
                + " select " + values + ", " + (done ? "current_timestamp" : "null") + ", concat('" + state + "-', (x + 1) / 2),"
                + " '" + (!done ? "PENDING" : sales ? "DELIVERED" : "SENT") + "', current_timestamp - interval '1' minute, current_timestamp"
                + " from " + TestDatabase.numbers(count));
    }
}
