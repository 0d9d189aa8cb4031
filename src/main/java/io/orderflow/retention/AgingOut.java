package io.orderflow.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records of finished work that a capability keeps in its own tables and gives up once they are older than the
 * retention (sent mails, delivered callbacks and events, the state changes of finished quotes).
 */
public interface AgingOut {

    /** What is removed, for the log: "sent mails". */
    String what();

    /** Removes at most {@code limit} records finished before {@code cutoff}; returns how many. */
    int removeBefore(Instant cutoff, int limit);

    /** How long after the work finished its records are kept: the history time-to-live unless said otherwise. */
    default Duration keptFor(RetentionProperties retention) {
        return retention.historyTimeToLive();
    }

    /**
     * Rows of a table with an {@code id} column, removed oldest first: {@code finishedBefore} is the condition that
     * selects them, with the cutoff as its one parameter.
     */
    static AgingOut rows(JdbcTemplate jdbc, String what, String table, String finishedBefore) {
        String delete = "delete from " + table + " where id in (select id from " + table + " where " + finishedBefore
                + " order by id limit ?)";
        return new AgingOut() {
            @Override
            public String what() {
                return what;
            }

            @Override
            public int removeBefore(Instant cutoff, int limit) {
                return jdbc.update(delete, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), limit);
            }
        };
    }
}
