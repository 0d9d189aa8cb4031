package io.orderflow.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.historycleanup.HistoryCleanupHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ages out the application's own records of finished work, and the KYC data of finished orders, in the window in which
 * Camunda's history cleanup removes the engine's history ({@code camunda.bpm.generic-properties.properties.
 * history-cleanup-batch-window-*}). Of several nodes one does it at a time: the one holding the {@code retention_run}
 * row; Camunda's own cleanup is one job, which one node's job executor runs.
 */
@Component
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final String RUN = "retention";

    private final List<AgingOut> agingOut;
    private final RetentionProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ProcessEngineConfigurationImpl engine;
    private final Clock clock;
    private final String nodeId;

    Retention(List<AgingOut> agingOut, RetentionProperties properties, JdbcTemplate jdbc, TransactionTemplate transaction,
            ProcessEngine engine, Clock clock, @Value("${orderflow.node-id}") String nodeId) {
        this.agingOut = agingOut;
        this.properties = properties;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.engine = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        this.clock = clock;
        this.nodeId = nodeId;
    }

    @Scheduled(fixedDelayString = "${orderflow.retention.interval:10m}")
    void inTheWindow() {
        Instant now = clock.instant();
        if (properties.enabled() && HistoryCleanupHelper.isWithinBatchWindow(Date.from(now), engine)) {
            passIfNobodyElseIs(now);
        }
    }

    /** One pass, unless another node holds the work; the removed counts per kind of record, or empty if not run. */
    public Map<String, Integer> passIfNobodyElseIs(Instant now) {
        if (!take(now)) {
            return Map.of();
        }
        Map<String, Integer> removed = Map.of();
        try {
            removed = pass(now);
            return removed;
        } finally {
            release(now, removed);
        }
    }

    /** Removes everything older than its retention, batch by batch, each in a transaction of its own. */
    Map<String, Integer> pass(Instant now) {
        Map<String, Integer> removed = new LinkedHashMap<>();
        for (AgingOut records : agingOut) {
            Instant cutoff = now.minus(records.keptFor(properties));
            int total = 0;
            for (int batch; (batch = transaction.execute(tx -> records.removeBefore(cutoff, properties.batchSize()))) > 0; ) {
                total += batch;
            }
            removed.put(records.what(), total);
        }
        LOG.info("Aged out: {}", removed);
        return removed;
    }

    private boolean take(Instant now) {
        return jdbc.update("update retention_run set holder = ?, held_until = ? where name = ?"
                + " and (held_until is null or held_until < ? or holder = ?)", nodeId, utc(now.plus(properties.lease())),
                RUN, utc(now), nodeId) == 1;
    }

    private void release(Instant now, Map<String, Integer> removed) {
        jdbc.update("update retention_run set holder = null, held_until = null, last_pass_at = ?, last_result = ?"
                + " where name = ? and holder = ?", utc(now), removed.toString(), RUN, nodeId);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
