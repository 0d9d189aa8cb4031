package io.orderflow.security;

import static io.orderflow.security.CamundaInternals.field;
import static io.orderflow.security.CamundaInternals.read;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.HistoricProcessInstanceQueryImpl;
import org.camunda.bpm.engine.impl.QueryValidators.AdhocQueryValidator;
import org.camunda.bpm.engine.impl.QueryValidators.StoredQueryValidator;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cmd.AbstractExecuteFilterCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camunda 7.24 refuses an expression in an ad-hoc query ({@code enable-expressions-in-adhoc-queries: false}) only at
 * the query's top level, yet a task query evaluates the expressions of its or-queries too, so any signed-in user could
 * run JUEL on the server through {@code orQueries}. Executing a stored filter with a caller's query that extends it
 * evaluates that query's expressions as well, because the merged query counts as stored, where expressions are
 * allowed (the "My tasks" filter needs {@code ${currentUser()}}). Here every query the engine is asked to run is
 * refused with a {@link BadUserRequestException} (400 over the engine REST) when it carries an expression anywhere,
 * unless it is a stored filter's own query; so is every query that extends a stored filter.
 */
@Configuration
class QueryExpressionRefusals {

    @Bean
    ProcessEnginePlugin adhocQueriesEvaluateNoExpressions() {
        return CommandInterceptors.outsideTheTransaction(new RefuseExpressions());
    }

    /** Looks at the query before the engine validates or evaluates anything of it. */
    static final class RefuseExpressions extends CommandInterceptor {

        private static final Field VALIDATORS = field(AbstractQuery.class, "validators");
        private static final Field EXTENDING_QUERY = field(AbstractExecuteFilterCmd.class, "extendingQuery");

        @Override
        public <T> T execute(Command<T> command) {
            if (command instanceof AbstractQuery<?, ?> query && !isStoredFilterQuery(query)) {
                refuseExpressions(query, "A query");
            } else if (command instanceof AbstractExecuteFilterCmd filterCommand
                    && read(EXTENDING_QUERY, filterCommand) instanceof AbstractQuery<?, ?> extendingQuery) {
                refuseExpressions(extendingQuery, "A query extending a stored filter");
            }
            return next.execute(command);
        }

        private static void refuseExpressions(AbstractQuery<?, ?> query, String what) {
            Set<String> expressions = new TreeSet<>(query.getExpressions().keySet());
            for (AbstractQuery<?, ?> orQuery : orQueries(query)) {
                expressions.addAll(orQuery.getExpressions().keySet());
            }
            if (!expressions.isEmpty()) {
                throw new BadUserRequestException(what + " may not carry expressions; refused: " + expressions);
            }
        }

        /** The or-queries of the query; the engine evaluates their expressions along with the query's own. */
        private static List<? extends AbstractQuery<?, ?>> orQueries(AbstractQuery<?, ?> query) {
            if (query instanceof TaskQueryImpl taskQuery) {
                return taskQuery.getQueries();
            }
            if (query instanceof HistoricProcessInstanceQueryImpl historyQuery) {
                return historyQuery.getQueries();
            }
            return List.of();
        }

        /**
         * A stored filter's query is validated as stored and never as ad hoc; every query a service creates is ad hoc.
         * A query that is neither counts as ad hoc.
         */
        private static boolean isStoredFilterQuery(AbstractQuery<?, ?> query) {
            Set<?> validators = (Set<?>) read(VALIDATORS, query);
            return validators != null && validators.stream().anyMatch(StoredQueryValidator.class::isInstance)
                    && validators.stream().noneMatch(AdhocQueryValidator.class::isInstance);
        }
    }
}
