package io.orderflow.security;


import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine wraps whatever a task or execution listener throws in a {@link ProcessEngineException}, so a refusal
 * raised by a listener (the four-eyes rule, a required field, an unknown region) would reach the engine REST and
 * Tasklist as a 500 with a generic message. Here the caller gets the refusal itself: the engine REST answers an
 * {@link AuthorizationException} with 403 and a {@link BadUserRequestException} with 400, each with its message. (A
 * task's complete and submit-form answer 400 only for a {@link FormFieldValidationException}, so a refusal of a task
 * completion reaches the caller as one.)
 */
@Configuration
class ListenerRefusals {

    @Bean
    ProcessEnginePlugin listenerRefusalsReachTheCaller() {
        return CommandInterceptors.outsideTheTransaction(new Unwrap());
    }

    /** Runs outside the transaction interceptor: when it sees the exception, the command is rolled back already. */
    static final class Unwrap extends CommandInterceptor {

        @Override
        public <T> T execute(Command<T> command) {
            try {
                return next.execute(command);
            } catch (ProcessEngineException e) {
                ProcessEngineException refusal = refusal(e);
                if (refusal instanceof BadUserRequestException && completesTask(command)) {
                    // the engine REST answers a refused task completion (complete, submit-form) with 400 only for a
                    // form field validation; any other engine exception there becomes a 500
                    throw new FormFieldValidationException(null, refusal.getMessage(), refusal);
                }
                throw refusal != null ? refusal : e;
            }
        }

        private static boolean completesTask(Command<?> command) {
            return command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd;
        }

        static ProcessEngineException refusal(ProcessEngineException e) {
            for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
                if (cause instanceof AuthorizationException || cause instanceof BadUserRequestException) {
                    return (ProcessEngineException) cause;
                }
            }
            return null;
        }
    }
}
