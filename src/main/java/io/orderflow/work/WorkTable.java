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
 * @param ordered       whether the items of one key are done in the order they were written (their ids): an item
 *                      waits while an earlier one of its key is not done (pending or given up, no done time)
 */
public record WorkTable(String name, String keyColumn, String doneAtColumn, String pendingStatus, String failedStatus,
        boolean ordered) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public WorkTable {
        // the names are part of SQL statements: identifiers of the application's own schema only
        for (String identifier : new String[] {name, keyColumn, doneAtColumn, pendingStatus.toLowerCase(),
                failedStatus.toLowerCase()}) {
            if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("Not a plain SQL identifier: " + identifier);
            }
        }
    }

    public WorkTable(String name, String keyColumn, String doneAtColumn, String pendingStatus, String failedStatus) {
        this(name, keyColumn, doneAtColumn, pendingStatus, failedStatus, false);
    }

    /** This table, its items of one key done one after the other, in the order of their ids. */
    public WorkTable inOrderPerKey() {
        return new WorkTable(name, keyColumn, doneAtColumn, pendingStatus, failedStatus, true);
    }

    /**
     * The ids of at most {@code batchSize} due items, those due longest first; its parameters are the pending status
     * and the time, twice. The table's due index ({@code status, next_attempt_at, id}) serves it in that order, so a
     * look stops at its batch however many items wait.
     */
    String dueQuery(int batchSize) {
        return "select id from " + name + " due_item where status = ? and next_attempt_at <= ?"
                + " and (claimed_until is null or claimed_until < ?)" + firstOfItsKey("due_item")
                + " order by next_attempt_at, id fetch first " + batchSize + " rows only";
    }

    /**
     * The condition (on the row {@code item} of this table) that no earlier item of its key waits; empty unless
     * {@link #inOrderPerKey()}. An earlier item given up holds the later ones back until it is done. Asked of the
     * done time, not of the status, so that only the key's index answers it: asked of the status, PostgreSQL, whose
     * statistics lag behind a backlog that has just formed (none waiting when the table was last analysed), read it
     * from the due index and went through every waiting item for each one due.
     */
    String firstOfItsKey(String item) {
        return ordered ? " and not exists (select 1 from " + name + " earlier where earlier." + keyColumn + " = "
                + item + "." + keyColumn + " and earlier.id < " + item + ".id and earlier." + doneAtColumn
                + " is null)" : "";
    }
}
