package io.orderflow.security;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
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
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                List<CommandInterceptor> interceptors = new ArrayList<>();
                if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
                    interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
                }
                interceptors.add(new SkipFailureOfRefusal());
                configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
            }
        };
    }

    /** Drops the failed-job bookkeeping (retries, exception, incident) of a by-hand execution the engine refused. */
    static final class SkipFailureOfRefusal extends CommandInterceptor {

        private static final Field COLLECTOR = collectorField();

        @Override
        public <T> T execute(Command<T> command) {
            if (command instanceof FailedJobListener listener && Context.getJobExecutorContext() == null
                    && failure(listener) instanceof AuthorizationException) {
                return null;
            }
            return next.execute(command);
        }

        private static Throwable failure(FailedJobListener listener) {
            try {
                return ((JobFailureCollector) COLLECTOR.get(listener)).getFailure();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Field collectorField() {
            try {
                Field field = FailedJobListener.class.getDeclaredField("jobFailureCollector");
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("Camunda's FailedJobListener has changed; review ManualJobRefusals", e);
            }
        }
    }
}
