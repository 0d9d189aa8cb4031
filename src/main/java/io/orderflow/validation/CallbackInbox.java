package io.orderflow.validation;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.integration.reltio.ReltioProperties;
import io.orderflow.work.Outcome;
import io.orderflow.work.WorkQueue;
import io.orderflow.work.WorkQueues;
import io.orderflow.work.WorkTable;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reltio's results: one whose process waits for it is stored in the transaction that delivers it; any other is stored
 * in its own transaction, then delivered to the process that waits for it, as a {@link WorkQueue} on the inbox table
 * (claimed, correlated and marked CORRELATED in one transaction). A result that arrives before its process waits (or
 * while back office chases it) stays RECEIVED and is tried again with backoff until it lands, exactly once; one whose
 * request id nobody sent is marked UNKNOWN and kept; one that never lands within
 * {@code orderflow.reltio.delivery.max-attempts} is marked FAILED, for operators.
 */
@Component
public class CallbackInbox implements DisposableBean {

    public enum Stored { ACCEPTED, DUPLICATE, UNKNOWN }

    static final WorkTable TABLE = new WorkTable("reltio_callback", "request_id", "correlated_at",
            ReltioCallback.Status.RECEIVED.name(), ReltioCallback.Status.FAILED.name());

    private static final Logger LOG = LoggerFactory.getLogger(CallbackInbox.class);

    private final ReltioCallbackRepository callbacks;
    private final ValidationService validations;
    private final ReltioProperties properties;
    private final TransactionTemplate newTransaction;
    private final ObjectMapper json;
    private final Clock clock;
    private final WorkQueue queue;
    private final ExecutorService deliveryThreads;
    private final Delivery delivery = new Delivery();

    CallbackInbox(ReltioCallbackRepository callbacks, ValidationService validations, ReltioProperties properties,
            CallbackDeliveryProperties delivery, PlatformTransactionManager transactions, ObjectMapper json,
            Clock clock, WorkQueues queues) {
        this.callbacks = callbacks;
        this.validations = validations;
        this.properties = properties;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.clock = clock;
        this.queue = queues.queue("reltio-callbacks", TABLE, delivery.policy(), WorkQueue.Mode.TRANSACTIONAL);
        CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("reltio-callback-delivery-");
        threadFactory.setDaemon(true);
        this.deliveryThreads = Executors.newFixedThreadPool(delivery.threads(), threadFactory);
    }

    /**
     * Takes a verified callback. One whose process waits for it now is stored as CORRELATED in the transaction that
     * delivers it, so that the process has its result before Reltio is answered. Any other (its process does not wait
     * yet, a duplicate, an unknown request id, a concurrent change, a failure of that transaction) goes to
     * {@link #store}, as if that attempt had not been made.
     */
    public Stored receive(String requestId, String body, Instant signedAt) {
        return storedWithItsDelivery(requestId, body, signedAt) ? Stored.ACCEPTED : store(requestId, body, signedAt);
    }

    private boolean storedWithItsDelivery(String requestId, String body, Instant signedAt) {
        try {
            return Boolean.TRUE.equals(newTransaction.execute(tx -> {
                callbacks.save(ReltioCallback.delivered(requestId, body, signedAt, clock.instant()));
                if (validations.deliverResult(requestId, parse(body))) {
                    return true;
                }
                tx.setRollbackOnly();
                return false;
            }));
        } catch (RuntimeException e) {
            if (delivery.expected(e) || e instanceof DataIntegrityViolationException) {
                LOG.debug("Reltio callback {} not delivered at once, stored for the worker", requestId, e);
            } else {
                LOG.warn("Reltio callback {} could not be delivered at once; it is stored for the worker", requestId, e);
            }
            return false;
        }
    }

    /**
     * Stores a verified callback for the worker; a request id seen before is a duplicate and changes nothing, also
     * once its callback has aged out: its validation still has the result.
     */
    public Stored store(String requestId, String body, Instant signedAt) {
        if (callbacks.findByRequestId(requestId).isPresent()) {
            return Stored.DUPLICATE;
        }
        return insert(requestId, body, signedAt);
    }

    /** Inserts the callback; another node or thread may have stored the same request id since it was looked up. */
    Stored insert(String requestId, String body, Instant signedAt) {
        Optional<CustomerValidation> validation = validations.byRequestId(requestId);
        if (validation.filter(resulted -> resulted.getResultStatus() != null).isPresent()) {
            return Stored.DUPLICATE;
        }
        boolean expected = validation.isPresent()
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

    /** What Reltio sent for a request id, for the audit trail. */
    public Optional<ReltioCallback> received(String requestId) {
        return callbacks.findByRequestId(requestId);
    }

    /** Tries to deliver every due callback; returns how many landed. */
    public int deliverDue() {
        return (int) queue.runDue(clock.instant(), delivery, deliveryThreads).stream().filter(CallbackInbox::landed).count();
    }

    /** Tries to deliver this callback if it is due and nobody else is delivering it; true if it landed. */
    public boolean deliver(long callbackId) {
        return landed(queue.runOne(callbackId, delivery));
    }

    private static boolean landed(Outcome outcome) {
        return outcome instanceof Outcome.Done done && done.status().equals(ReltioCallback.Status.CORRELATED.name());
    }

    Duration backoff(int attempt) {
        return queue.policy().backoff(attempt);
    }

    @Override
    public void destroy() {
        deliveryThreads.shutdown();
    }

    /** One delivery, in the transaction that marks the callback CORRELATED: undone as a whole if anything fails. */
    private final class Delivery implements WorkQueue.Work {

        @Override
        public Outcome perform(long callbackId, Instant now) {
            ReltioCallback callback = callbacks.findById(callbackId).orElseThrow();
            if (validations.deliverResult(callback.getRequestId(), parse(callback.getBody()))) {
                return Outcome.done(ReltioCallback.Status.CORRELATED.name());
            }
            if (callback.getReceivedAt().plus(properties.unknownAfter()).isBefore(now)) {
                LOG.warn("Reltio callback {} matches no validation request: kept as UNKNOWN", callback.getRequestId());
                return Outcome.done(ReltioCallback.Status.UNKNOWN.name());
            }
            // the synchronous answer of its request has not been processed yet
            return Outcome.later("No validation has request id " + callback.getRequestId() + " yet");
        }

        /** The process does not wait yet, or a concurrent change of the process or the validation row: try again. */
        @Override
        public boolean expected(Exception failure) {
            return failure instanceof MismatchingMessageCorrelationException || failure instanceof OptimisticLockingException
                    || failure instanceof OptimisticLockingFailureException;
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored callback is not JSON", e);
        }
    }
}
