package io.orderflow.sandbox;

import org.springframework.dao.DataAccessException;

/**
 * Tables of a simulator, created at first use, not at start: the application's own migrations must find the database
 * empty, and the sandbox's tables are no part of the application's schema. The statements say {@code if not exists},
 * because another node on the same database may have created them.
 */
final class SandboxTables {

    private final Runnable create;
    private volatile boolean ready;

    SandboxTables(Runnable create) {
        this.create = create;
    }

    void ensure() {
        if (!ready) {
            try {
                create.run();
            } catch (DataAccessException e) {
                // PostgreSQL may refuse one of two nodes creating the same table at the same moment: it exists now
                create.run();
            }
            ready = true;
        }
    }
}
