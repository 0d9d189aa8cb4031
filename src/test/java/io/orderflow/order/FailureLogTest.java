package io.orderflow.order;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import io.orderflow.IntegrationTest;
import io.orderflow.audit.AuditFixture;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.ProcessEngineLogger;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.jobexecutor.ExecuteJobHelper;
import org.camunda.bpm.engine.impl.jobexecutor.JobFailureCollector;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

/**
 * What the log says when commerce fails: an expected, retried failure is one WARN line naming the job; only the last
 * attempt, which leaves an incident for an operator, is an ERROR with its stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureLogTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ManagementService managementService;

    @Test
    void aRetriedCommerceFailureIsOneWarningLineAndTheLastAttemptAnErrorWithItsStackTrace(CapturedOutput output) {
        AuditFixture fixture = new AuditFixture(context);
        String orderRequestId = fixture.placeOrder();
        String instance = fixture.instanceId(OrderProcess.KEY, orderRequestId);
        postJson(url("/sandbox/commerce/failures"), "{\"idempotencyKey\":\"" + orderRequestId + "\",\"times\":3,\"mode\":\"error\"}",
                "Authorization", basic("sara", PASSWORD));
        managementService.executeJob(managementService.createJobQuery().processInstanceId(instance).singleResult().getId());
        Job create = managementService.createJobQuery().processInstanceId(instance)
                .activityId(OrderProcess.Elements.CREATE_COMMERCE_ORDER).singleResult();

        int before = output.getAll().length();
        runAsTheJobExecutorDoes(create.getId());
        runAsTheJobExecutorDoes(create.getId());
        List<String> retried = lines(output.getAll().substring(before));
        int last = output.getAll().length();
        runAsTheJobExecutorDoes(create.getId());
        List<String> exhausted = lines(output.getAll().substring(last));

        assertThat(retried).as("two retried failures").noneMatch(line -> line.contains(" ERROR "))
                .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"))
                .filteredOn(line -> line.contains(" WARN ")).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains(create.getId(), "retries left"));
        assertThat(exhausted).as("the last attempt, an incident").anyMatch(line -> line.contains(" ERROR ")
                && line.contains(create.getId())).anyMatch(line -> line.startsWith("\tat "));
        assertThat(exhausted.stream().filter(line -> line.contains(" ERROR "))).hasSize(1);
    }

    /** As the job executor's ExecuteJobsRunnable: execute, and log a failure through the engine's logging handler. */
    private void runAsTheJobExecutorDoes(String jobId) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        JobFailureCollector failures = new JobFailureCollector(jobId);
        assertThatThrownBy(() -> ExecuteJobHelper.executeJob(jobId, configuration.getCommandExecutorTxRequired(), failures,
                new ExecuteJobsCmd(jobId, failures), configuration)).isNotNull();
        try {
            throw failures.getFailure();
        } catch (Throwable failure) {
            if (ProcessEngineLogger.shouldLogJobException(configuration, failures.getJob())) {
                ExecuteJobHelper.LOGGING_HANDLER.exceptionWhileExecutingJob(jobId, failure);
            }
        }
    }

    private static List<String> lines(String log) {
        return Stream.of(log.split("\\R")).filter(line -> !line.isBlank()).toList();
    }
}
