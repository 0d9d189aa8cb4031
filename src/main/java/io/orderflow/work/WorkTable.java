package io.orderflow.work;

import java.util.regex.Pattern;

/**
 * A table of durable work items. Besides its own columns it has {@code id}, {@code status}, {@code attempts},
 * {@code next_attempt_at}, {@code claimed_by}, {@code claimed_until} and {@code last_error}; an item is due while its
 * status is {@code pendingStatus} and its next attempt has come.
 *
 * @param name          the table
 * @param keyColumn     the column naming an item in logs (its business key)
 * @param doneAtColumn  the column that records when an item was done
 * @param pendingStatus the status of an item still to be done
 * @param failedStatus  the status of an item given up after its last attempt
 */
public record WorkTable(String name, String keyColumn, String doneAtColumn, String pendingStatus, String failedStatus) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public WorkTable {
        // the names are part of SQL statements: identifiers of the application's own schema only
        for (String identifier : new String[] {name, keyColumn, doneAtColumn}) {
            if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("Not a plain SQL identifier: " + identifier);
            }
        }
    }
}
