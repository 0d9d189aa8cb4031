package io.orderflow.work;

import java.time.Duration;

/**
 * How a queue takes and retries its work.
 *
 * @param batchSize      the most items one pass looks at
 * @param lease          how long a claim stands; it must outlast the work of one item, or another node takes it over
 * @param maxAttempts    the attempt after which a failing item is given up ({@link WorkTable#failedStatus()})
 * @param initialBackoff the wait after the first failed attempt, doubled after each further one
 * @param maxBackoff     the longest wait between attempts
 */
public record WorkPolicy(int batchSize, Duration lease, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public WorkPolicy {
        if (batchSize < 1 || maxAttempts < 1 || lease.isNegative() || lease.isZero() || initialBackoff.isNegative()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Invalid work policy " + batchSize + ", " + lease + ", " + maxAttempts
                    + ", " + initialBackoff + ", " + maxBackoff);
        }
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first). */
    public Duration backoff(int attempt) {
        Duration backoff = initialBackoff.multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 20));
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
