package io.orderflow.work;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Makes the {@link WorkQueue}s of this node: each step of a queue commits by itself, whatever its caller is in. */
@Component
public class WorkQueues {

    private final JdbcTemplate jdbc;
    private final PlatformTransactionManager transactions;
    private final Clock clock;
    private final String node;
    private final MeterRegistry meters;

    WorkQueues(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
            @Value("${orderflow.node-id}") String node, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.node = node;
        this.meters = meters;
    }

    public WorkQueue queue(String name, WorkTable table, WorkPolicy policy, WorkQueue.Mode mode) {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        TransactionTemplate alone = new TransactionTemplate(transactions);
        alone.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        return new WorkQueue(name, table, policy, mode, jdbc, transaction, alone, clock, node, meters);
    }

    /** The queues of another node on the same database. */
    public WorkQueues onNode(String otherNode) {
        return new WorkQueues(jdbc, transactions, clock, otherNode, meters);
    }

    public String node() {
        return node;
    }
}
