package io.orderflow.engine;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.jobexecutor.ExecuteJobHelper;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * How a failed job is logged. A failure the engine will retry (commerce answering 500, Reltio unreachable) is expected
 * and costs one WARN line naming the job; the last attempt, which leaves an incident for an operator, is an ERROR with
 * its stack trace. The engine's own handler logs every attempt with a stack trace, and its command context logs each
 * once more at ERROR ({@code enable-cmd-exception-logging: false} in application.yaml turns that one off).
 */
@Component
class JobFailureLog implements ExecuteJobHelper.ExceptionLoggingHandler, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(JobFailureLog.class);

    private final ManagementService managementService;
    private final ExecuteJobHelper.ExceptionLoggingHandler engineDefault;

    JobFailureLog(ManagementService managementService) {
        this.managementService = managementService;
        this.engineDefault = ExecuteJobHelper.LOGGING_HANDLER;
        ExecuteJobHelper.LOGGING_HANDLER = this;
    }

    @Override
    public void exceptionWhileExecutingJob(String jobId, Throwable failure) {
        Job job = managementService.createJobQuery().jobId(jobId).singleResult();
        if (job != null && job.getRetries() > 0) {
            LOG.warn("Job {} of process instance {} failed and is retried ({} retries left, next at {}): {}", jobId,
                    job.getProcessInstanceId(), job.getRetries(), job.getDuedate(), rootCause(failure));
        } else {
            LOG.error("Job {} of process instance {} failed for the last time; an incident waits for an operator",
                    jobId, job == null ? "(unknown)" : job.getProcessInstanceId(), failure);
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    @Override
    public void destroy() {
        if (ExecuteJobHelper.LOGGING_HANDLER == this) {
            ExecuteJobHelper.LOGGING_HANDLER = engineDefault;
        }
    }
}
