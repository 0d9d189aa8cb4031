package io.orderflow;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With {@code -Dorderflow.test.database=postgres} the whole suite runs against a fresh PostgreSQL database on
 * 127.0.0.1:5432, created before the first test and dropped after the last one.
 */
public class TestDatabase implements LauncherSessionListener {

    static final String SELECTOR = "orderflow.test.database";
    private static final String SERVER = System.getProperty("orderflow.test.postgres.server", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = System.getProperty("orderflow.test.postgres.user", "postgres");
    private static final String PASSWORD = System.getProperty("orderflow.test.postgres.password", "");

    private static final Set<ConfigurableApplicationContext> CONTEXTS = ConcurrentHashMap.newKeySet();

    private String database;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!"postgres".equals(System.getProperty(SELECTOR))) {
            return;
        }
        database = "orderflow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("create database " + database);
        System.setProperty("spring.datasource.url", SERVER + database);
        System.setProperty("spring.datasource.username", USER);
        System.setProperty("spring.datasource.password", PASSWORD);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (database != null) {
            closeCachedApplicationContexts();
            execute("drop database if exists " + database + " with (force)");
        }
    }

    /** Whether the suite runs on PostgreSQL rather than the embedded H2. */
    public static boolean postgres() {
        return "postgres".equals(System.getProperty(SELECTOR));
    }

    /** A row source of the numbers 1 to {@code count}, as column {@code x}, in this database's SQL. */
    public static String numbers(int count) {
        return postgres() ? "generate_series(1, " + count + ") as numbers(x)" : "system_range(1, " + count + ")";
    }

    /** Application contexts on this database, to close before it is dropped rather than in a shutdown hook after. */
    static void track(ConfigurableApplicationContext context) {
        CONTEXTS.add(context);
    }

    private static void closeCachedApplicationContexts() {
        CONTEXTS.forEach(ConfigurableApplicationContext::close);
        CONTEXTS.clear();
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for the test suite: " + sql, e);
        }
    }
}
