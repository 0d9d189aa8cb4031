package io.orderflow.validation;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.integration.reltio.ReltioProperties;
import jakarta.annotation.PreDestroy;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reltio's results: stored first, in their own transaction, then delivered to the process that waits for them. A
 * result that arrives before its process waits (or while back office chases it) stays RECEIVED and is tried again
 * with backoff until it lands, exactly once; one whose request id nobody sent is marked UNKNOWN and kept.
 */
@Component
public class CallbackInbox {

    public enum Stored { ACCEPTED, DUPLICATE, UNKNOWN }

    private static final Logger LOG = LoggerFactory.getLogger(CallbackInbox.class);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final ReltioCallbackRepository callbacks;
    private final ValidationService validations;
    private final ReltioProperties properties;
    private final TransactionTemplate newTransaction;
    private final ObjectMapper json;
    private final Clock clock;
    private final String node;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reltio-callback-delivery");
        thread.setDaemon(true);
        return thread;
    });

    CallbackInbox(ReltioCallbackRepository callbacks, ValidationService validations, ReltioProperties properties,
            PlatformTransactionManager transactions, ObjectMapper json, Clock clock,
            @Value("${orderflow.node-id}") String node) {
        this.callbacks = callbacks;
        this.validations = validations;
        this.properties = properties;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.clock = clock;
        this.node = node;
    }

    /** Stores a verified callback; a request id seen before is a duplicate and changes nothing. */
    public Stored store(String requestId, String body, Instant signedAt) {
        if (callbacks.findByRequestId(requestId).isPresent()) {
            return Stored.DUPLICATE;
        }
        return insert(requestId, body, signedAt);
    }

    /** Inserts the callback; another node or thread may have stored the same request id since it was looked up. */
    Stored insert(String requestId, String body, Instant signedAt) {
        boolean expected = validations.byRequestId(requestId).isPresent()
                || validations.requestInFlightSince(clock.instant().minus(properties.unknownAfter()));
        ReltioCallback.Status status = expected ? ReltioCallback.Status.RECEIVED : ReltioCallback.Status.UNKNOWN;
        try {
            newTransaction.executeWithoutResult(tx ->
                    callbacks.save(new ReltioCallback(requestId, status, body, signedAt, clock.instant())));
        } catch (DataIntegrityViolationException e) {
            // a duplicate only if the unique key on the request id refused it and that request id is stored now; any
            // other refusal (a body too long, a constraint of the future) is a failure the sender must hear of
            if (uniqueKeyViolation(e) && callbacks.findByRequestId(requestId).isPresent()) {
                return Stored.DUPLICATE;
            }
            throw e;
        }
        if (!expected) {
            LOG.warn("Reltio callback for unknown request id {} stored for inspection", requestId);
        }
        return expected ? Stored.ACCEPTED : Stored.UNKNOWN;
    }

    /** SQLSTATE 23505, unique_violation, in H2 and PostgreSQL alike. */
    private static boolean uniqueKeyViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Delivery right after a callback was stored, so a process that already waits continues at once. */
    public void deliverSoon() {
        deliveries.execute(() -> {
            try {
                deliverDue();
            } catch (RuntimeException e) {
                LOG.warn("Immediate delivery of Reltio callbacks failed; the schedule tries again", e);
            }
        });
    }

    @PreDestroy
    void stop() {
        deliveries.shutdownNow();
    }

    /** What Reltio sent for a request id, for the audit trail. */
    public java.util.Optional<ReltioCallback> received(String requestId) {
        return callbacks.findByRequestId(requestId);
    }

    /** Tries to deliver every due callback; returns how many landed. */
    public int deliverDue() {
        Instant now = clock.instant();
        List<Long> due = newTransaction.execute(tx -> callbacks.findDue(now, PageRequest.of(0, 200)));
        int delivered = 0;
        for (Long id : due) {
            if (deliver(id)) {
                delivered++;
            }
        }
        return delivered;
    }

    public boolean deliver(long callbackId) {
        Instant now = clock.instant();
        boolean claimed = Boolean.TRUE.equals(newTransaction.execute(tx ->
                callbacks.claim(callbackId, node, now, now.plus(LEASE)) == 1));
        if (!claimed) {
            return false;
        }
        ReltioCallback callback = newTransaction.execute(tx -> callbacks.findById(callbackId).orElseThrow());
        try {
            return Boolean.TRUE.equals(newTransaction.execute(tx -> {
                if (validations.byRequestId(callback.getRequestId()).isEmpty()) {
                    boolean givenUp = callback.getReceivedAt().plus(properties.unknownAfter()).isBefore(now);
                    if (givenUp) {
                        LOG.warn("Reltio callback {} matches no validation request: kept as UNKNOWN", callback.getRequestId());
                        callbacks.settle(callbackId, node, ReltioCallback.Status.UNKNOWN, now);
                        return false;
                    }
                    throw new NotYetExpected(callback.getRequestId());
                }
                validations.deliverResult(callback.getRequestId(), parse(callback.getBody()));
                callbacks.settle(callbackId, node, ReltioCallback.Status.CORRELATED, now);
                return true;
            }));
        } catch (MismatchingMessageCorrelationException | OptimisticLockingException | OptimisticLockingFailureException
                | NotYetExpected e) {
            // not waiting yet, or a concurrent change of the process or the validation row: all undone, try again
            Instant next = now.plus(backoff(callback.getAttempts() + 1));
            String error = String.valueOf(e.getMessage());
            LOG.debug("Reltio callback {} not delivered yet, next attempt at {}: {}", callback.getRequestId(), next, error);
            newTransaction.executeWithoutResult(tx -> callbacks.retryLater(callbackId, node, next,
                    error.substring(0, Math.min(2000, error.length()))));
            return false;
        }
    }

    static Duration backoff(int attempt) {
        Duration backoff = Duration.ofMillis(250L << Math.min(attempt - 1, 10));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored callback is not JSON", e);
        }
    }

    /** The request id is not stored yet: the synchronous answer of its request has not been processed. */
    static final class NotYetExpected extends RuntimeException {
        NotYetExpected(String requestId) {
            super("No validation has request id " + requestId + " yet");
        }
    }
}
