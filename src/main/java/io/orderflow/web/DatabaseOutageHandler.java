package io.orderflow.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * While the database cannot be reached, callers of the API hear so at once: 503 with {@code Retry-After}, so the
 * checkout and Reltio send their request again (nothing of it was stored). How soon "at once" is, is the pool's
 * {@code spring.datasource.hikari.connection-timeout}. Any other failure keeps the answer it had.
 */
@RestControllerAdvice(annotations = ApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseOutageHandler {

    /** SQL states of a lost or refused connection: class 08, and PostgreSQL's shutdown and start-up states. */
    private static final List<String> CONNECTION_STATES = List.of("08", "57P01", "57P02", "57P03");
    private static final int VALIDATION_SECONDS = 1;

    private final DataSource database;
    private final Duration retryAfter;

    DatabaseOutageHandler(DataSource database, @Value("${orderflow.database-outage.retry-after}") Duration retryAfter) {
        this.database = database;
        this.retryAfter = retryAfter;
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class, ProcessEngineException.class,
            jakarta.persistence.PersistenceException.class})
    ResponseEntity<ProblemDetail> outage(Exception e) throws Exception {
        if (!lostConnection(e) && reachable()) {
            throw e; // not an outage: the failure is answered as it was
        }
        return Problems.unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "Temporarily unavailable", "The request was not taken: the application cannot reach its database. "
                        + "Send it again after the time in Retry-After.", List.of()), retryAfter);
    }

    /**
     * Whether the failure, or one of its causes, is a connection that could not be had or was lost. A connection lost
     * in the middle of a transaction may surface only as the failed rollback after it, hence also {@link #reachable()}.
     */
    static boolean lostConnection(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                    || cause instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && CONNECTION_STATES.stream().anyMatch(sql.getSQLState()::startsWith)) {
                return true;
            }
        }
        return false;
    }

    /** Asks the database itself, through the pool, within its connection timeout. */
    private boolean reachable() {
        try (Connection connection = database.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }
}
