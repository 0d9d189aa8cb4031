package io.orderflow.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Timestamp;
import java.time.Instant;

import io.orderflow.IntegrationTest;
import io.orderflow.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A look for due work reads the first items of a large backlog from the table's due index, in the order it takes them,
 * and stops there: with 3,000 items waiting (two per key), neither a sort of all of them nor, for the sales events
 * that go in order per key, a join of all waiting items with each other. The backlog is written in a transaction that
 * is rolled back, its statistics taken inside it, as an installation's analysed tables have them. A question of
 * PostgreSQL's planner: on H2, the sandbox's database, these tests are skipped.
 */
class DueWorkOrderTest extends IntegrationTest {

    private static final int WAITING = 3000;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;

    @ParameterizedTest
    @ValueSource(strings = {"sales_event", "notification_outbox"})
    void theFirstDueItemsAreReadInOrderFromTheDueIndex(String table) {
        assumeTrue(TestDatabase.postgres(), "a question of PostgreSQL's planner; H2 is the sandbox's database");
        WorkTable work = table.equals("sales_event")
                ? new WorkTable(table, "business_key", "delivered_at", "PENDING", "FAILED").inOrderPerKey()
                : new WorkTable(table, "business_key", "sent_at", "PENDING", "FAILED");
        String plan = transaction.execute(tx -> {
            tx.setRollbackOnly();
            backlog(table);
            Timestamp now = Timestamp.from(Instant.now());
            return String.join("\n", jdbc.queryForList("explain " + work.dueQuery(100), String.class, "PENDING", now, now));
        });
        assertThat(plan).contains("Index Scan using ix_" + table + "_due on " + table + " due_item")
                .doesNotContain("Sort").doesNotContain("Hash");
    }

    private void backlog(String table) {
        if (table.equals("sales_event")) {
            jdbc.update("insert into sales_event (event_id, event_type, business_key, body, status, next_attempt_at,"
                    + " created_at) select concat('e-', x), 'quote.requested', concat('Q-', (x + 1) / 2), '{}', 'PENDING',"
                    + " current_timestamp - interval '1' minute, current_timestamp from " + TestDatabase.numbers(WAITING));
        } else {
            jdbc.update("insert into notification_outbox (message_type, locale, recipient, subject, body_html,"
                    + " business_key, status, next_attempt_at, created_at) select 'QUOTE_RECEIVED', 'en-US',"
                    + " 'buyer@example.com', 'Quote', '<p>', concat('Q-', (x + 1) / 2), 'PENDING',"
                    + " current_timestamp - interval '1' minute, current_timestamp from " + TestDatabase.numbers(WAITING));
        }
        jdbc.execute("analyze " + table);
    }
}
