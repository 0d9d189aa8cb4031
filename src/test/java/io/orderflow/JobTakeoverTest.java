package io.orderflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.orderflow.integration.commerce.CommerceProperties;
import io.orderflow.integration.reltio.ReltioProperties;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.property.JobExecutionProperty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The jobs of a node that died are taken over when their lock runs out. The lock must outlast the longest job (one
 * call to a neighbour, bounded by its timeouts) or a slow call is run twice; and it must be short, or a crash stalls
 * work for long: here at most 70 s, lock time plus the longest pause of an idle node between acquisitions.
 */
class JobTakeoverTest extends IntegrationTest {

    @Autowired
    CamundaBpmProperties camunda;
    @Autowired
    CommerceProperties commerce;
    @Autowired
    ReltioProperties reltio;

    @Test
    void lockOutlastsTheLongestCallAndADeadNodesJobsAreTakenOverWithinSeventySeconds() {
        // the job executor as the application configures it (tests run with it switched off)
        JobExecutionProperty jobs = camunda.getJobExecution();
        assertThat(jobs.getLockTimeInMillis()).as("lock time set, not Camunda's default of 5 minutes").isNotNull();
        assertThat(jobs.getMaxWait()).as("longest idle pause set, not Camunda's default of 1 minute").isNotNull();
        Duration lock = Duration.ofMillis(jobs.getLockTimeInMillis());
        Duration commerceCall = commerce.connectTimeout().plus(commerce.readTimeout());
        Duration reltioCall = reltio.connectTimeout().plus(reltio.readTimeout());
        Duration longestCall = commerceCall.compareTo(reltioCall) >= 0 ? commerceCall : reltioCall;

        assertThat(lock).isGreaterThanOrEqualTo(longestCall.multipliedBy(3));
        assertThat(lock.plusMillis(jobs.getMaxWait())).isLessThanOrEqualTo(Duration.ofSeconds(70));
    }
}
