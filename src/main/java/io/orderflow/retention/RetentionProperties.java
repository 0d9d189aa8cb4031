package io.orderflow.retention;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long finished work is kept.
 *
 * @param historyTimeToLive the history of every process and decision, and the application's own records of finished
 *                          work (sent mails, delivered callbacks and sales events, state changes of finished quotes),
 *                          are removed this long after the work finished; whole days
 * @param processes         a history time-to-live of its own per process key
 * @param decisions         a history time-to-live of its own per decision key
 * @param kycData           KYC data of a customer validation is erased this long after its order finished
 * @param enabled           whether this node ages data out in the engine's history cleanup window
 * @param interval          how often a node looks whether it is in the window and nobody else is ageing data out
 * @param batchSize         records removed per transaction
 * @param lease             how long the node ageing data out holds that work: a node that died is replaced after this
 */
@ConfigurationProperties(prefix = "orderflow.retention")
public record RetentionProperties(Duration historyTimeToLive, Map<String, Duration> processes,
        Map<String, Duration> decisions, Duration kycData, boolean enabled, Duration interval, int batchSize,
        Duration lease) {

    public RetentionProperties {
        historyTimeToLive = wholeDays("history-time-to-live", historyTimeToLive == null ? Duration.ofDays(180)
                : historyTimeToLive);
        processes = processes == null ? Map.of() : Map.copyOf(processes);
        decisions = decisions == null ? Map.of() : Map.copyOf(decisions);
        processes.forEach((key, ttl) -> wholeDays("processes." + key, ttl));
        decisions.forEach((key, ttl) -> wholeDays("decisions." + key, ttl));
        kycData = kycData == null ? Duration.ofDays(90) : kycData;
        interval = interval == null ? Duration.ofMinutes(10) : interval;
        batchSize = batchSize <= 0 ? 500 : batchSize;
        lease = lease == null ? Duration.ofMinutes(30) : lease;
    }

    /** The history time-to-live of this process, in days. */
    public int processDays(String key) {
        return (int) processes.getOrDefault(key, historyTimeToLive).toDays();
    }

    /** The history time-to-live of this decision, in days. */
    public int decisionDays(String key) {
        return (int) decisions.getOrDefault(key, historyTimeToLive).toDays();
    }

    /** Camunda keeps a history time-to-live in days. */
    private static Duration wholeDays(String property, Duration ttl) {
        if (ttl.isNegative() || !ttl.equals(Duration.ofDays(ttl.toDays()))) {
            throw new IllegalArgumentException("orderflow.retention." + property + " must be whole days, not " + ttl);
        }
        return ttl;
    }
}
