package io.orderflow;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job that calls a neighbour holds its database connection for the whole call. With every job thread waiting on a
 * slow commerce, the connections left must still serve the API and the two workers (outbox, callback inbox): the
 * pool was once exactly as large as the job executor, and a slow neighbour starved the API.
 */
class ConnectionBudgetTest extends IntegrationTest {

    private static final int WORKER_THREADS = 2;

    @Autowired
    DataSource dataSource;
    @Autowired
    CamundaBpmProperties camunda;

    @Test
    void everyJobThreadWaitingOnANeighbourLeavesConnectionsForTheApiAndTheWorkers() {
        int pool = ((HikariDataSource) dataSource).getMaximumPoolSize();
        int jobThreads = camunda.getJobExecution().getMaxPoolSize();

        assertThat(pool - jobThreads - WORKER_THREADS).as("connections left for API requests").isGreaterThanOrEqualTo(15);
    }
}
