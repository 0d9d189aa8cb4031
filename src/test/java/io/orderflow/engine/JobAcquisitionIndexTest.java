package io.orderflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Timestamp;
import java.time.Instant;

import io.orderflow.IntegrationTest;
import io.orderflow.TestDatabase;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job executor's look for due jobs reads the due jobs, not every waiting timer: with 3,000 timers waiting and a
 * few continuations due, the look is served by the due-date index. Its statement is the one Camunda 7.24's mapping
 * ({@code selectNextJobsToExecute}) writes with the application's settings (no priorities, no ordering by due date).
 * The plan is a question of PostgreSQL's planner: on H2, the sandbox's database, it is not checked.
 */
class JobAcquisitionIndexTest extends IntegrationTest {

    private static final String LOOK_FOR_DUE_JOBS = "select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_,"
            + " RES.EXCLUSIVE_ from ACT_RU_JOB RES where (RES.RETRIES_ > 0) and (RES.DUEDATE_ is null or RES.DUEDATE_ <= ?)"
            + " and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < ?) and RES.SUSPENSION_STATE_ = 1"
            + " and ((RES.EXCLUSIVE_ = true and not exists (select J2.ID_ from ACT_RU_JOB J2"
            + " where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and (J2.EXCLUSIVE_ = true)"
            + " and (J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= ?))) or RES.EXCLUSIVE_ = false) LIMIT 10 OFFSET 0";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    ProcessEngine engine;
    @Autowired
    JobAcquisitionIndex index;

    @Test
    void theLookForDueJobsReadsTheDueJobsOnly() {
        assumeTrue(TestDatabase.postgres(), "a question of PostgreSQL's planner; H2 is the sandbox's database");
        String plan = transaction.execute(tx -> {
            tx.setRollbackOnly();
            jobs("timer", "current_timestamp + interval '2' day", 3000);
            jobs("message", "null", 5);
            jdbc.execute("analyze act_ru_job");
            Timestamp now = Timestamp.from(Instant.now());
            return String.join("\n", jdbc.queryForList("explain " + LOOK_FOR_DUE_JOBS, String.class, now, now, now));
        });
        assertThat(plan).contains("Index Scan on " + JobAcquisitionIndex.INDEX).doesNotContain("Seq Scan on act_ru_job res");
    }

    @Test
    void theIndexIsCreatedOnceWhateverHowOftenTheEngineStarts() {
        index.postProcessEngineBuild(engine);
        index.postProcessEngineBuild(engine);

        Integer count = TestDatabase.postgres()
                ? jdbc.queryForObject("select count(*) from pg_indexes where indexname = ?", Integer.class,
                        JobAcquisitionIndex.INDEX)
                : jdbc.queryForObject("select count(*) from information_schema.indexes where lower(index_name) = ?",
                        Integer.class, JobAcquisitionIndex.INDEX);
        assertThat(count).isOne();
    }

    private void jobs(String type, String dueDate, int count) {
        jdbc.update("insert into ACT_RU_JOB (ID_, REV_, TYPE_, EXCLUSIVE_, EXECUTION_ID_, PROCESS_INSTANCE_ID_, RETRIES_,"
                + " DUEDATE_, HANDLER_TYPE_, SUSPENSION_STATE_, PRIORITY_) select concat('" + type + "-', x), 1, '" + type
                + "', true, concat('" + type + "-execution-', x), concat('" + type + "-instance-', x), 3, " + dueDate
                + ", 'timer-transition', 1, 0 from " + TestDatabase.numbers(count));
    }
}
