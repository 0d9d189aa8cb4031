package io.orderflow.validation;

import java.time.Duration;

import io.orderflow.work.WorkPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The delivery of stored Reltio callbacks to their processes.
 *
 * @param enabled        whether the delivery worker runs on its schedule (its request tries a stored callback anyway)
 * @param interval       the pause between two passes of the worker
 * @param batchSize      the most callbacks one pass tries
 * @param lease          how long a delivery's claim stands
 * @param maxAttempts    the attempt after which a callback that never landed is marked FAILED
 * @param initialBackoff the wait after a first attempt too early, doubled after each further one
 * @param maxBackoff     the longest wait between attempts
 * @param threads        how many callbacks of a pass are delivered side by side
 */
@ConfigurationProperties(prefix = "orderflow.reltio.delivery")
public record CallbackDeliveryProperties(Boolean enabled, Duration interval, Integer batchSize, Duration lease,
        Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Integer threads) {

    public CallbackDeliveryProperties {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        batchSize = batchSize == null ? 200 : batchSize;
        lease = lease == null ? Duration.ofMinutes(1) : lease;
        maxAttempts = maxAttempts == null ? 10_000 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(250) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(1) : maxBackoff;
        threads = threads == null ? 1 : threads;
    }

    WorkPolicy policy() {
        return new WorkPolicy(batchSize, lease, maxAttempts, initialBackoff, maxBackoff);
    }
}
