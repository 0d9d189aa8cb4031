package io.orderflow.work;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Durable work in a table ({@link WorkTable}), done by whichever node claims it. An item is claimed with a conditional
 * update right before its work, for a lease counted from that moment, so of several nodes exactly one holds it, and
 * a slow batch never hands out claims that ran out before their work began. Its outcome is recorded only while the
 * claim is still this node's (same node, same lease): a claim lost to another node because the work outlasted the
 * lease is logged with the item's key and counted ({@code orderflow.work.lost.claims}), never recorded twice. A failed
 * attempt is retried with exponential backoff and after {@link WorkPolicy#maxAttempts()} the item is given up. In a
 * table {@link WorkTable#inOrderPerKey() in order per key}, an item is due only once every earlier item of its key is
 * done, which both the search for due items and the claim check.
 */
public final class WorkQueue {

    /** Whether the work and the record of its outcome commit together. */
    public enum Mode {
        /** Work in this database (a correlation): done and recorded in one transaction, undone if the claim is lost. */
        TRANSACTIONAL,
        /** Work in another system (a mail): done outside any transaction, its outcome recorded after. */
        EXTERNAL
    }

    /** The work of one item. */
    @FunctionalInterface
    public interface Work {
        /**
         * Does the work of the claimed item {@code id}. An exception is a failed attempt; in
         * {@link Mode#TRANSACTIONAL} the transaction is undone unless the outcome is {@link Outcome.Done}.
         */
        Outcome perform(long id, Instant now) throws Exception;

        /** Whether a failure is an expected race or wait, retried like any failure but logged as {@link Outcome.Later}. */
        default boolean expected(Exception failure) {
            return false;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
    private static final int ERROR_LENGTH = 2000;

    private final String name;
    private final WorkTable table;
    private final WorkPolicy policy;
    private final Mode mode;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TransactionTemplate alone;
    private final Clock clock;
    private final String node;
    private final Counter lostClaims;

    /**
     * @param transaction a transaction of its own, for the work done together with the record of its outcome
     * @param alone       outside any transaction, for the steps that are one statement each (the look for due items,
     *                    the claim, the record of an outcome apart from its work): each commits by itself, without
     *                    the two extra round trips to the database of a transaction around it
     */
    WorkQueue(String name, WorkTable table, WorkPolicy policy, Mode mode, JdbcTemplate jdbc,
            TransactionTemplate transaction, TransactionTemplate alone, Clock clock, String node, MeterRegistry meters) {
        this.name = name;
        this.table = table;
        this.policy = policy;
        this.mode = mode;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.alone = alone;
        this.clock = clock;
        this.node = node;
        this.lostClaims = Counter.builder("orderflow.work.lost.claims").tag("queue", name)
                .description("Work whose claim was taken over by another node before its outcome was recorded")
                .register(meters);
    }

    public String name() {
        return name;
    }

    public WorkPolicy policy() {
        return policy;
    }

    /**
     * Does the work that is due at {@code at}, one item after the other; each item is claimed when its turn comes, at
     * {@code at} plus the time this pass has taken so far. Returns the outcomes of the items this node claimed.
     * <p>
     * The items are looked up a batch ({@link WorkPolicy#batchSize()}) at a time, and a full batch is followed by the
     * next at once, so a backlog is worked off at the pace of its work, not a batch per pass. An item tried in this
     * pass is due again only after its backoff, later than {@code at}, so the pass ends: with a batch that is not
     * full, one of which this node claimed nothing (other nodes hold its items), or when its {@link Worker} stops.
     */
    public List<Outcome> runDue(Instant at, Work work) {
        return runBatches(at, (batch, now) -> {
            List<Outcome> outcomes = new ArrayList<>();
            for (Long id : batch) {
                Outcome outcome = run(id, now, work);
                if (outcome != null) {
                    outcomes.add(outcome);
                }
            }
            return outcomes;
        });
    }

    /**
     * Like {@link #runDue(Instant, Work)}, on the threads of {@code threads}: each item is still claimed on its own, so
     * items of one batch run side by side and never twice. For work that waits on the database more than it computes.
     */
    public List<Outcome> runDue(Instant at, Work work, ExecutorService threads) {
        return runBatches(at, (batch, now) -> {
            List<Future<Outcome>> running = new ArrayList<>();
            for (Long id : batch) {
                running.add(threads.submit(() -> run(id, now, work)));
            }
            return outcomes(running);
        });
    }

    private List<Outcome> runBatches(Instant at, BiFunction<List<Long>, Supplier<Instant>, List<Outcome>> runBatch) {
        Supplier<Instant> now = from(at);
        List<Outcome> outcomes = new ArrayList<>();
        List<Long> batch;
        List<Outcome> claimed;
        do {
            batch = due(at);
            claimed = runBatch.apply(batch, now);
            outcomes.addAll(claimed);
        } while (batch.size() == policy.batchSize() && !claimed.isEmpty() && !Worker.stopping()
                && !Thread.currentThread().isInterrupted());
        return outcomes;
    }

    private List<Outcome> outcomes(List<Future<Outcome>> running) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> item : running) {
            try {
                Outcome outcome = item.get();
                if (outcome != null) {
                    outcomes.add(outcome);
                }
            } catch (ExecutionException e) {
                LOG.warn("{}: an item's run failed; it is tried again when due", name, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return outcomes;
    }

    private List<Long> due(Instant at) {
        return alone.execute(tx -> jdbc.queryForList(table.dueQuery(policy.batchSize()), Long.class,
                table.pendingStatus(), utc(at), utc(at)));
    }

    /** Does the work of item {@code id} if it is due now and no other node holds it; null if it was not claimed. */
    public Outcome runOne(long id, Work work) {
        return run(id, clock::instant, work);
    }

    /** Does the work of item {@code id} if it is due at {@code at} and no other node holds it; null if not claimed. */
    public Outcome runOne(long id, Instant at, Work work) {
        return run(id, from(at), work);
    }

    /** {@code at} plus the time that has passed since. */
    private Supplier<Instant> from(Instant at) {
        Instant started = clock.instant();
        return () -> {
            Duration elapsed = Duration.between(started, clock.instant());
            return elapsed.isNegative() ? at : at.plus(elapsed);
        };
    }

    private Outcome run(long id, Supplier<Instant> now, Work work) {
        Instant claimedAt = now.get();
        // the database keeps microseconds at best: the lease is stored exactly as it is compared later
        Instant until = claimedAt.plus(policy.lease()).truncatedTo(ChronoUnit.MILLIS);
        Claim claim = claim(id, claimedAt, until);
        if (claim == null) {
            return null;
        }
        Outcome outcome = mode == Mode.TRANSACTIONAL ? performTogether(claim, now, work) : performApart(claim, now, work);
        if (outcome instanceof Outcome.LostClaim) {
            lostClaims.increment();
            LOG.warn("{} item {} ({}): the claim of node {} ran out at {} and was taken over before its outcome was "
                    + "recorded; its work may have been done twice", name, id, claim.key(), node, until);
        }
        return outcome;
    }

    /**
     * Claims item {@code id} and reads what its run needs, in one statement (the claimed row's columns come back as
     * the update's generated keys, on PostgreSQL and H2 alike); null if it was not claimed.
     */
    private Claim claim(long id, Instant now, Instant until) {
        String update = "update " + table.name()
                + " set claimed_by = ?, claimed_until = ? where id = ? and status = ? and next_attempt_at <= ?"
                + " and (claimed_until is null or claimed_until < ?)" + table.firstOfItsKey(table.name());
        return alone.execute(tx -> jdbc.execute(
                connection -> connection.prepareStatement(update, new String[] {"attempts", table.keyColumn()}),
                (PreparedStatement claim) -> {
                    claim.setString(1, node);
                    claim.setObject(2, utc(until));
                    claim.setLong(3, id);
                    claim.setString(4, table.pendingStatus());
                    claim.setObject(5, utc(now));
                    claim.setObject(6, utc(now));
                    if (claim.executeUpdate() != 1) {
                        return null;
                    }
                    try (ResultSet item = claim.getGeneratedKeys()) {
                        item.next();
                        return new Claim(id, item.getInt(1), item.getString(2), until);
                    }
                }));
    }

    private Outcome performApart(Claim claim, Supplier<Instant> now, Work work) {
        Outcome outcome;
        try {
            outcome = work.perform(claim.id(), now.get());
        } catch (Exception e) {
            outcome = failed(claim, work, e);
        }
        Outcome done = outcome;
        Instant at = now.get();
        return alone.execute(tx -> record(claim, done, at));
    }

    private Outcome performTogether(Claim claim, Supplier<Instant> now, Work work) {
        Outcome outcome;
        try {
            outcome = transaction.execute(tx -> {
                Outcome result;
                try {
                    result = work.perform(claim.id(), now.get());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (!(result instanceof Outcome.Done)) {
                    tx.setRollbackOnly();
                    return result;
                }
                Outcome recorded = record(claim, result, now.get());
                if (recorded instanceof Outcome.LostClaim) {
                    tx.setRollbackOnly();
                }
                return recorded;
            });
        } catch (RuntimeException e) {
            outcome = failed(claim, work, e);
        }
        if (outcome instanceof Outcome.Done || outcome instanceof Outcome.LostClaim) {
            return outcome;
        }
        Outcome retried = outcome;
        Instant at = now.get();
        return alone.execute(tx -> record(claim, retried, at));
    }

    private Outcome failed(Claim claim, Work work, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (work.expected(e)) {
            return Outcome.later(message);
        }
        LOG.debug("{} item {} ({}) failed", name, claim.id(), claim.key(), e);
        return new Outcome.Failed(message);
    }

    /** Records the outcome while the claim is still this one; a claim taken over meanwhile records nothing. */
    private Outcome record(Claim claim, Outcome outcome, Instant now) {
        int attempt = claim.attempts() + 1;
        int updated;
        String error = null;
        boolean givenUp = false;
        Instant next = null;
        if (outcome instanceof Outcome.Done done) {
            updated = jdbc.update("update " + table.name() + " set status = ?, " + table.doneAtColumn() + " = ?,"
                    + " attempts = attempts + 1, claimed_by = null, claimed_until = null, last_error = null"
                    + " where id = ? and claimed_by = ? and claimed_until = ?",
                    done.status(), utc(now), claim.id(), node, utc(claim.until()));
        } else {
            error = outcome instanceof Outcome.Later later ? later.reason() : ((Outcome.Failed) outcome).error();
            error = error.length() > ERROR_LENGTH ? error.substring(0, ERROR_LENGTH) : error;
            givenUp = attempt >= policy.maxAttempts();
            next = now.plus(policy.backoff(attempt));
            updated = jdbc.update("update " + table.name() + " set status = ?, attempts = attempts + 1,"
                    + " next_attempt_at = ?, last_error = ?, claimed_by = null, claimed_until = null"
                    + " where id = ? and claimed_by = ? and claimed_until = ?",
                    givenUp ? table.failedStatus() : table.pendingStatus(), utc(next), error, claim.id(), node,
                    utc(claim.until()));
        }
        if (updated != 1) {
            return new Outcome.LostClaim();
        }
        if (givenUp) {
            LOG.error("{} item {} ({}) failed {} times and is given up: {}", name, claim.id(), claim.key(), attempt,
                    error);
        } else if (outcome instanceof Outcome.Failed) {
            LOG.warn("{} item {} ({}) failed (attempt {}), next try at {}: {}", name, claim.id(), claim.key(), attempt,
                    next, error);
        } else if (outcome instanceof Outcome.Later) {
            LOG.debug("{} item {} ({}) not done yet (attempt {}), next try at {}: {}", name, claim.id(), claim.key(),
                    attempt, next, error);
        }
        return givenUp ? new Outcome.Failed(error) : outcome;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record Claim(long id, int attempts, String key, Instant until) {
    }
}
