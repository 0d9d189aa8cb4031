package io.orderflow.engine;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.Locale;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The job table indexed by due date. Every look of the job executor for due jobs asks for jobs due now or without a
 * due date; Camunda's schema indexes the job table by process instance, execution, handler and definition but not by
 * due date, so each look read every waiting timer: every review, approval and offer waits on one or more, and on
 * PostgreSQL the look took longer the more of them waited (0.9 ms with 4,000, a sequential scan). With this index it
 * reads the due jobs only. Created once the engine has created or updated its own schema, if it is not there yet.
 */
@Component
class JobAcquisitionIndex extends AbstractProcessEnginePlugin {

    static final String INDEX = "ix_act_ru_job_duedate";

    private static final Logger LOG = LoggerFactory.getLogger(JobAcquisitionIndex.class);

    private final JdbcTemplate jdbc;

    JobAcquisitionIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        String table = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDatabaseTablePrefix()
                + "act_ru_job";
        if (exists(table)) {
            return;
        }
        try {
            jdbc.execute("create index if not exists " + INDEX + " on " + table + " (duedate_)");
        } catch (DataAccessException e) {
            // most likely another node starting at the same moment, which then created it
            LOG.warn("Index {} on {} could not be created by this node: {}", INDEX, table, e.getMessage());
        }
    }

    /**
     * Looked up in the database's catalogue first: even with {@code if not exists}, PostgreSQL locks the job table
     * against writes before it finds the index there, which on a running cluster would hold up the other nodes' jobs
     * at every start of a node.
     */
    private boolean exists(String table) {
        return jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            DatabaseMetaData catalogue = connection.getMetaData();
            String name = catalogue.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
            try (ResultSet indexes = catalogue.getIndexInfo(null, null, name, false, true)) {
                while (indexes.next()) {
                    if (INDEX.equalsIgnoreCase(indexes.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
            }
            return false;
        });
    }
}
