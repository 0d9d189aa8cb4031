package io.orderflow.sandbox;

import org.springframework.dao.DataAccessException;

/**
 * Tables of a simulator, created at first use, not at start: the application's own migrations must find the database
 * empty, and the sandbox's tables are no part of the application's schema. The statements say {@code if not exists},
 * because another node on the same database may have created them.
 */
final class SandboxTables {

    private static final int ATTEMPTS = 5;

    private final Runnable create;
    private volatile boolean ready;

    SandboxTables(Runnable create) {
        this.create = create;
    }

    void ensure() {
        for (int attempt = 1; !ready; attempt++) {
            try {
                create.run();
                ready = true;
            } catch (DataAccessException e) {
                // PostgreSQL refuses all but one of the nodes creating the same object at the same moment (its check
                // of "if not exists" does not see the other's yet): it exists now, though the next one may race again
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
