package io.orderflow.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.BiConsumer;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/** Engine plugins that add one command interceptor to the engine's commands, keeping those others added. */
final class CommandInterceptors {

    private CommandInterceptors() {
    }

    /** Before the transaction and the command context: sees what the caller will see, after rollback. */
    static ProcessEnginePlugin outsideTheTransaction(CommandInterceptor interceptor) {
        return plugin(interceptor, ProcessEngineConfigurationImpl::getCustomPreCommandInterceptorsTxRequired,
                ProcessEngineConfigurationImpl::setCustomPreCommandInterceptorsTxRequired);
    }

    /** Inside the command context, where entities and the caller's authorizations are at hand. */
    static ProcessEnginePlugin insideTheCommandContext(CommandInterceptor interceptor) {
        return plugin(interceptor, ProcessEngineConfigurationImpl::getCustomPostCommandInterceptorsTxRequired,
                ProcessEngineConfigurationImpl::setCustomPostCommandInterceptorsTxRequired);
    }

    private static ProcessEnginePlugin plugin(CommandInterceptor interceptor,
            Function<ProcessEngineConfigurationImpl, List<CommandInterceptor>> get,
            BiConsumer<ProcessEngineConfigurationImpl, List<CommandInterceptor>> set) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                List<CommandInterceptor> interceptors = new ArrayList<>();
                if (get.apply(configuration) != null) {
                    interceptors.addAll(get.apply(configuration));
                }
                interceptors.add(interceptor);
                set.accept(configuration, interceptors);
            }
        };
    }
}
