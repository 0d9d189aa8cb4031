package io.orderflow.sandbox;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine clock (which is the application's clock) moved forward through the demo months, and the jobs that fall
 * due on the way, run one at a time in the order of their due dates, as the job executor would have run them.
 */
final class DemoTime {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTime.class);
    /** Far more jobs than one moment of the demo makes; stops a model that keeps making jobs. */
    private static final int MAX_JOBS_AT_ONCE = 500;

    private final ManagementService managementService;
    private final Consumer<Instant> afterJobs;
    private int executed;

    /** @param afterJobs told the moment whenever jobs ran, to do what the application's schedules would then */
    DemoTime(ManagementService managementService, Consumer<Instant> afterJobs) {
        this.managementService = managementService;
        this.afterJobs = afterJobs;
    }

    Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    void set(Instant instant) {
        ClockUtil.setCurrentTime(Date.from(instant));
    }

    /** Moves the clock to the instant, stopping at each timer due before it. */
    void advanceTo(Instant target) {
        runDueJobs();
        for (int round = 0; ; round++) {
            if (round == MAX_JOBS_AT_ONCE) {
                throw new IllegalStateException("Timers keep falling due before " + target);
            }
            List<Job> next = managementService.createJobQuery().active().withRetriesLeft()
                    .duedateLowerThan(Date.from(target)).orderByJobDuedate().asc().listPage(0, 1);
            if (next.isEmpty()) {
                break;
            }
            Instant due = next.get(0).getDuedate().toInstant();
            if (due.isAfter(now())) {
                set(due);
            }
            runDueJobs();
        }
        if (target.isAfter(now())) {
            set(target);
        }
        runDueJobs();
    }

    /** Runs every job due now, and the jobs they make, one at a time. */
    void runDueJobs() {
        for (int i = 0; i < MAX_JOBS_AT_ONCE; i++) {
            List<Job> due = managementService.createJobQuery().active().executable().orderByJobDuedate().asc()
                    .listPage(0, 1);
            if (due.isEmpty()) {
                if (i > 0) {
                    afterJobs.accept(now());
                }
                return;
            }
            try {
                managementService.executeJob(due.get(0).getId());
                executed++;
            } catch (RuntimeException e) {
                // the engine has counted the failure on the job (retries, then an incident), as the executor would
                LOG.debug("Demo job {} failed: {}", due.get(0).getId(), e.getMessage());
            }
        }
        throw new IllegalStateException("Jobs keep falling due at " + now());
    }

    int executed() {
        return executed;
    }
}
