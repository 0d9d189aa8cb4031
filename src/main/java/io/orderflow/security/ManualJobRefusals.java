package io.orderflow.security;

import static io.orderflow.security.CamundaInternals.field;
import static io.orderflow.security.CamundaInternals.read;

import java.lang.reflect.Field;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobListener;
import org.camunda.bpm.engine.impl.jobexecutor.JobFailureCollector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Executing a job by hand ({@code POST /job/{id}/execute}, {@code ManagementService#executeJob}) checks the caller's
 * permission only after Camunda 7.24 has registered the call for job failure handling, so a refused call still counts
 * as a failed attempt of the job: its retries go down by one, and at zero an incident stops the process. Any user who
 * can read a job id (an auditor, too) could stall a process that way. Here a by-hand execution refused for lack of
 * permission leaves the job as it was; the caller still gets the 403. Failures in the job executor and failures of
 * the job itself are handled as before.
 */
@Configuration
class ManualJobRefusals {

    @Bean
    ProcessEnginePlugin refusedManualJobExecutionLeavesTheJobAlone() {
        return CommandInterceptors.outsideTheTransaction(new SkipFailureOfRefusal());
    }

    /** Drops the failed-job bookkeeping (retries, exception, incident) of a by-hand execution the engine refused. */
    static final class SkipFailureOfRefusal extends CommandInterceptor {

        private static final Field COLLECTOR = field(FailedJobListener.class, "jobFailureCollector");

        @Override
        public <T> T execute(Command<T> command) {
            if (command instanceof FailedJobListener listener && Context.getJobExecutorContext() == null
                    && failure(listener) instanceof AuthorizationException) {
                return null;
            }
            return next.execute(command);
        }

        private static Throwable failure(FailedJobListener listener) {
            return ((JobFailureCollector) read(COLLECTOR, listener)).getFailure();
        }
    }
}
