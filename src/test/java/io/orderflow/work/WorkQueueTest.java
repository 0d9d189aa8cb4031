package io.orderflow.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderflow.IntegrationTest;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The claim/lease/backoff mechanism on its own, on a table of its own, against the test database (H2, PostgreSQL):
 * two nodes are two {@link WorkQueue}s with different node ids; time is the engine clock, moved by the test.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkQueueTest extends IntegrationTest {

    static final WorkTable TABLE = new WorkTable("work_test_item", "item_key", "done_at", "PENDING", "FAILED");
    static final WorkTable IN_ORDER = TABLE.inOrderPerKey();
    static final WorkPolicy POLICY = new WorkPolicy(50, Duration.ofMinutes(2), 4, Duration.ofSeconds(30),
            Duration.ofMinutes(1));

    @Autowired
    WorkQueues queues;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DataSource dataSource;
    @Autowired
    Clock clock;

    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void emptyTableAndStillClock() {
        jdbc.execute("""
                create table if not exists work_test_item (
                    id bigint primary key, item_key varchar(100) not null, status varchar(20) not null,
                    attempts integer not null default 0, next_attempt_at timestamp with time zone not null,
                    claimed_by varchar(100), claimed_until timestamp with time zone, done_at timestamp with time zone,
                    last_error varchar(2000))""");
        jdbc.execute("create table if not exists work_test_effect (item_id bigint not null, node varchar(100) not null)");
        jdbc.update("delete from work_test_item");
        jdbc.update("delete from work_test_effect");
        ClockUtil.setCurrentTime(Date.from(start));
    }

    @AfterEach
    void realClock() {
        ClockUtil.reset();
    }

    @Test
    void aPassOnSeveralThreadsDoesItsItemsSideBySideAndEachOnce() throws Exception {
        int items = 24;
        addItems(items);
        List<Long> done = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch side = new CountDownLatch(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Outcome> outcomes = queue("node-a", WorkQueue.Mode.TRANSACTIONAL).runDue(start, (id, now) -> {
                side.countDown();
                // the first four wait for each other: they can only all get here if they run at once
                side.await(5, TimeUnit.SECONDS);
                threads.add(Thread.currentThread().getName());
                done.add(id);
                return Outcome.done("DONE");
            }, pool);
            assertThat(outcomes).hasSize(items).allMatch(Outcome.Done.class::isInstance);
        } finally {
            pool.shutdownNow();
        }

        assertThat(side.getCount()).isZero();
        assertThat(threads).hasSize(4);
        assertThat(done).hasSize(items).doesNotHaveDuplicates();
        assertThat(jdbc.queryForList("select status from work_test_item", String.class)).hasSize(items)
                .containsOnly("DONE");
    }

    @Test
    void aPassWorksOffABacklogBatchAfterBatch() {
        addItems(12);
        List<Long> done = new ArrayList<>();

        List<Outcome> outcomes = queue("node-a", WorkQueue.Mode.EXTERNAL, 5).runDue(start, (id, now) -> {
            done.add(id);
            return Outcome.done("DONE");
        });

        assertThat(outcomes).hasSize(12).allMatch(Outcome.Done.class::isInstance);
        assertThat(done).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void aPassTriesEachItemOnceEvenWhenItsBatchesAreFullOfItemsThatFail() {
        addItems(5);
        List<Long> tried = new ArrayList<>();

        List<Outcome> outcomes = queue("node-a", WorkQueue.Mode.EXTERNAL, 2).runDue(start, (id, now) -> {
            tried.add(id);
            return Outcome.later("not yet");
        });

        assertThat(outcomes).hasSize(5);
        assertThat(tried).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        for (long id = 1; id <= 5; id++) {
            assertThat(item(id)).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        }
    }

    @Test
    void aWorkerAskedToStopEndsItsPassAfterTheBatchAtHand() throws Exception {
        addItems(10);
        WorkQueue queue = queue("node-a", WorkQueue.Mode.EXTERNAL, 1);
        AtomicReference<Worker> worker = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        worker.set(new Worker("test-worker", false, Duration.ofHours(1), () -> queue.runDue(start, (id, now) -> {
            if (id == 3) {
                worker.get().stop();
                stopped.countDown();
            }
            return Outcome.done("DONE");
        })));
        try {
            worker.get().start();
            assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
            worker.get().stop();

            assertThat(jdbc.queryForList("select id from work_test_item where status = 'DONE'", Long.class))
                    .containsExactlyInAnyOrder(1L, 2L, 3L);
        } finally {
            worker.get().destroy();
        }
    }

    @Test
    void ofTwoNodesRacingForTheSameItemsEachItemIsDoneByExactlyOne() throws Exception {
        int items = 40;
        addItems(items);
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch bothRunning = new CountDownLatch(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Callable<List<Outcome>>> runs = new ArrayList<>();
            for (String node : List.of("node-a", "node-b")) {
                WorkQueue queue = queue(node, WorkQueue.Mode.EXTERNAL);
                runs.add(() -> {
                    bothRunning.countDown();
                    bothRunning.await(5, TimeUnit.SECONDS);
                    return queue.runDue(start, (id, now) -> {
                        done.add(node + ":" + id);
                        return Outcome.done("DONE");
                    });
                });
            }
            int outcomes = 0;
            for (Future<List<Outcome>> run : nodes.invokeAll(runs)) {
                outcomes += run.get().size();
            }
            assertThat(outcomes).isEqualTo(items);
        } finally {
            nodes.shutdownNow();
        }

        assertThat(done).hasSize(items);
        assertThat(done).extracting(entry -> entry.substring(entry.indexOf(':') + 1)).doesNotHaveDuplicates();
        assertThat(jdbc.queryForList("select status from work_test_item", String.class)).hasSize(items)
                .containsOnly("DONE");
    }

    @Test
    void anItemHeldByOneNodeIsNotTakenByAnotherWhileItsLeaseStands() {
        add(1);
        WorkQueue other = queue("node-b", WorkQueue.Mode.EXTERNAL);
        List<Outcome> otherTried = new ArrayList<>();

        List<Outcome> outcomes = queue("node-a", WorkQueue.Mode.EXTERNAL).runDue(start, (id, now) -> {
            // the work takes almost the whole lease; the other node looks in just before it runs out
            moveClockTo(start.plus(POLICY.lease()).minusSeconds(1));
            otherTried.addAll(other.runDue(clock(), (otherId, otherNow) -> Outcome.done("TWICE")));
            return Outcome.done("DONE");
        });

        assertThat(otherTried).isEmpty();
        assertThat(outcomes).containsExactly(Outcome.done("DONE"));
        assertThat(item(1)).containsEntry("status", "DONE").containsEntry("attempts", 1);
    }

    @Test
    void aLeaseIsCountedFromTheClaimOfItsItemNotFromTheStartOfTheBatch() {
        add(1);
        add(2);
        List<Instant> leases = new ArrayList<>();

        queue("node-a", WorkQueue.Mode.EXTERNAL).runDue(start, (id, now) -> {
            leases.add(instant(item(id).get("claimed_until")));
            moveClockTo(clock().plus(POLICY.lease().minusSeconds(10)));
            return Outcome.done("DONE");
        });

        assertThat(leases).containsExactly(start.plus(POLICY.lease()),
                start.plus(POLICY.lease()).plus(POLICY.lease().minusSeconds(10)));
    }

    @Test
    void anItemWhoseLeaseRanOutIsTakenOverAndTheLostClaimIsReportedAndNeverRecorded(CapturedOutput output) {
        add(7);
        WorkQueue other = queue("node-b", WorkQueue.Mode.EXTERNAL);
        double lostBefore = lostClaims();

        List<Outcome> outcomes = queue("node-a", WorkQueue.Mode.EXTERNAL).runDue(start, (id, now) -> {
            moveClockTo(start.plus(POLICY.lease()).plusSeconds(1));
            assertThat(other.runDue(clock(), (otherId, otherNow) -> Outcome.done("DONE_BY_B")))
                    .containsExactly(Outcome.done("DONE_BY_B"));
            return Outcome.done("DONE_BY_A");
        });

        assertThat(outcomes).containsExactly(new Outcome.LostClaim());
        assertThat(item(7)).containsEntry("status", "DONE_BY_B").containsEntry("attempts", 1);
        assertThat(lostClaims()).isEqualTo(lostBefore + 1);
        assertThat(output.getOut()).containsPattern("WARN .*item 7 \\(key-7\\).*node-a");
    }

    @Test
    void aLostClaimUndoesTransactionalWorkSoItsEffectHappensOnce() {
        add(3);
        WorkQueue other = queue("node-b", WorkQueue.Mode.TRANSACTIONAL);

        List<Outcome> outcomes = queue("node-a", WorkQueue.Mode.TRANSACTIONAL).runDue(start, (id, now) -> {
            effect(id, "node-a");
            moveClockTo(start.plus(POLICY.lease()).plusSeconds(1));
            other.runDue(clock(), (otherId, otherNow) -> {
                effect(otherId, "node-b");
                return Outcome.done("DONE");
            });
            return Outcome.done("DONE");
        });

        assertThat(outcomes).containsExactly(new Outcome.LostClaim());
        assertThat(jdbc.queryForList("select node from work_test_effect where item_id = 3", String.class))
                .containsExactly("node-b");
    }

    @Test
    void failedAttemptsBackOffExponentiallyUpToTheirCeilingAndAreNotTriedBefore() {
        add(1);
        WorkQueue queue = queue("node-a", WorkQueue.Mode.EXTERNAL);
        WorkQueue.Work failing = (id, now) -> {
            throw new IllegalStateException("neighbour down");
        };
        Instant at = start;
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(queue.runDue(at, failing)).hasSize(1);
            Instant next = instant(item(1).get("next_attempt_at"));
            waits.add(Duration.between(at, next));
            assertThat(queue.runDue(next.minusMillis(1), failing)).as("not before its next attempt").isEmpty();
            at = next;
            moveClockTo(at);
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertThat(item(1)).containsEntry("status", "PENDING").containsEntry("attempts", 3)
                .containsEntry("last_error", "neighbour down").containsEntry("claimed_by", null);
        assertThat(POLICY.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(new WorkPolicy(1, Duration.ofMinutes(1), 30, Duration.ofMillis(250), Duration.ofHours(1))
                .backoff(5)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void anItemIsGivenUpAfterItsLastAttemptLoggedWithItsKeyAndNeverTriedAgain(CapturedOutput output) {
        add(5);
        WorkQueue queue = queue("node-a", WorkQueue.Mode.TRANSACTIONAL);
        List<Long> tried = new ArrayList<>();
        WorkQueue.Work failing = (id, now) -> {
            tried.add(id);
            effect(id, "node-a");
            throw new IllegalStateException("refused");
        };
        Instant at = start;
        for (int attempt = 1; attempt <= POLICY.maxAttempts() + 2; attempt++) {
            queue.runDue(at, failing);
            at = at.plus(POLICY.maxBackoff()).plusSeconds(1);
            moveClockTo(at);
        }

        assertThat(tried).hasSize(POLICY.maxAttempts());
        assertThat(item(5)).containsEntry("status", "FAILED").containsEntry("attempts", POLICY.maxAttempts())
                .containsEntry("last_error", "refused");
        assertThat(jdbc.queryForObject("select count(*) from work_test_effect", Integer.class)).as("undone").isZero();
        assertThat(output.getOut()).containsPattern("ERROR .*item 5 \\(key-5\\) failed 4 times and is given up");
    }

    @Test
    void workNotDoneYetIsTriedAgainAfterItsBackoffAndDoneOnce() {
        add(9);
        WorkQueue queue = queue("node-a", WorkQueue.Mode.TRANSACTIONAL);
        List<Outcome> first = queue.runDue(start, (id, now) -> {
            effect(id, "node-a");
            return Outcome.later("not waiting yet");
        });
        assertThat(first).containsExactly(Outcome.later("not waiting yet"));
        assertThat(item(9)).containsEntry("status", "PENDING").containsEntry("attempts", 1)
                .containsEntry("last_error", "not waiting yet");
        assertThat(jdbc.queryForObject("select count(*) from work_test_effect", Integer.class)).as("undone").isZero();

        Instant next = instant(item(9).get("next_attempt_at"));
        moveClockTo(next);
        assertThat(queue.runOne(9, (id, now) -> {
            effect(id, "node-a");
            return Outcome.done("DONE");
        })).isEqualTo(Outcome.done("DONE"));
        assertThat(queue.runOne(9, (id, now) -> Outcome.done("AGAIN"))).as("done already").isNull();

        assertThat(item(9)).containsEntry("status", "DONE").containsEntry("attempts", 2).containsEntry("last_error", null);
        assertThat(jdbc.queryForObject("select count(*) from work_test_effect", Integer.class)).isEqualTo(1);
    }

    @Test
    void eachStepOfAnItemDoneApartIsOneStatementThatCommitsByItselfWhateverItsCallerIsIn() {
        add(12, "key-12");
        Connections connections = new Connections(dataSource);
        WorkQueue queue = new WorkQueues(new JdbcTemplate(connections),
                new DataSourceTransactionManager(connections), clock, "node-a", meters)
                .queue("test-work", TABLE, POLICY, WorkQueue.Mode.EXTERNAL);
        List<String> keys = new ArrayList<>();

        // as when the caller is in a transaction of its own, which the steps neither join nor wait for
        new TransactionTemplate(new DataSourceTransactionManager(connections)).executeWithoutResult(outer -> {
            assertThat(queue.runDue(start, (id, now) -> {
                keys.add(jdbc.queryForObject("select claimed_by from work_test_item where id = ?", String.class, id));
                return Outcome.done("DONE");
            })).containsExactly(Outcome.done("DONE"));
            outer.setRollbackOnly();
        });

        assertThat(keys).as("the claim was committed before the work began").containsExactly("node-a");
        assertThat(item(12)).containsEntry("status", "DONE").containsEntry("attempts", 1).containsEntry("claimed_by", null);
        // the look for due items, the claim (which reads the item's attempts and key back) and the record
        assertThat(connections.statements).as("statements").hasValue(3);
        assertThat(connections.transactions).as("transactions begun, the caller's included").hasValue(1);
    }

    @Test
    void anItemIsDoneAtTheTimeItsCallerKeepsWhichNeedNotBeTheEngineClock() {
        add(11);
        WorkQueue queue = queue("node-a", WorkQueue.Mode.EXTERNAL);
        moveClockTo(start.minus(Duration.ofHours(1)));
        assertThat(queue.runOne(11, (id, now) -> Outcome.done("EARLY"))).as("not due by the engine clock").isNull();

        assertThat(queue.runOne(11, start, (id, now) -> Outcome.done("DONE"))).isEqualTo(Outcome.done("DONE"));

        assertThat(item(11)).containsEntry("status", "DONE").containsEntry("attempts", 1);
    }

    @Test
    void itemsOfOneKeyInAQueueInOrderAreDoneOneAfterTheOtherAcrossNodesAndPasses() throws Exception {
        // three keys, four items each, interleaved: 1 a, 2 b, 3 c, 4 a, ...
        for (int id = 1; id <= 12; id++) {
            add(id, "key-" + (char) ('a' + (id - 1) % 3));
        }
        List<Long> done = Collections.synchronizedList(new ArrayList<>());
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            for (int pass = 0; pass < 4; pass++) {
                List<Callable<List<Outcome>>> runs = new ArrayList<>();
                for (String node : List.of("node-a", "node-b")) {
                    WorkQueue queue = queues.onNode(node).queue("test-work", IN_ORDER, POLICY, WorkQueue.Mode.EXTERNAL);
                    runs.add(() -> queue.runDue(start, (id, now) -> {
                        done.add(id);
                        return Outcome.done("DONE");
                    }, threads));
                }
                for (Future<List<Outcome>> run : nodes.invokeAll(runs)) {
                    // a pass does at most the first waiting item of each key
                    assertThat(run.get().size()).isLessThanOrEqualTo(3);
                }
            }
        } finally {
            nodes.shutdownNow();
            threads.shutdownNow();
        }

        assertThat(done).hasSize(12).doesNotHaveDuplicates();
        for (char key = 'a'; key <= 'c'; key++) {
            int first = key - 'a' + 1;
            assertThat(done.stream().filter(id -> (id - 1) % 3 == first - 1).toList())
                    .containsExactly((long) first, (long) first + 3, (long) first + 6, (long) first + 9);
        }
    }

    @Test
    void aLaterItemOfAKeyWaitsWhileAnEarlierOneIsRetriedOrGivenUp() {
        add(1, "key-a");
        add(2, "key-a");
        add(3, "key-b");
        WorkQueue queue = queues.onNode("node-a").queue("test-work",
                IN_ORDER, new WorkPolicy(50, Duration.ofMinutes(2), 2, Duration.ofSeconds(30), Duration.ofMinutes(1)),
                WorkQueue.Mode.EXTERNAL);
        List<Long> tried = new ArrayList<>();
        WorkQueue.Work failFirst = (id, now) -> {
            tried.add(id);
            if (id == 1) {
                throw new IllegalStateException("receiver down");
            }
            return Outcome.done("DONE");
        };

        queue.runDue(start, failFirst);
        assertThat(tried).containsExactly(1L, 3L);
        // item 2 is due, but its key's item 1 waits for its next attempt
        assertThat(queue.runOne(2, start.plusSeconds(10), failFirst)).isNull();
        queue.runDue(start.plusSeconds(31), failFirst);
        assertThat(tried).containsExactly(1L, 3L, 1L);
        assertThat(item(1)).containsEntry("status", "FAILED");
        // given up, item 1 still holds its key's later items back: they are not delivered out of order
        queue.runDue(start.plusSeconds(600), failFirst);
        assertThat(tried).containsExactly(1L, 3L, 1L);
        assertThat(item(2)).containsEntry("status", "PENDING").containsEntry("attempts", 0);
    }

    /** Connections of the test database that count the statements prepared on them and the transactions begun. */
    private static final class Connections extends DelegatingDataSource {

        final AtomicInteger statements = new AtomicInteger();
        final AtomicInteger transactions = new AtomicInteger();

        Connections(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("prepareStatement")) {
                            statements.incrementAndGet();
                        } else if (method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(arguments[0])) {
                            transactions.incrementAndGet();
                        }
                        try {
                            return method.invoke(connection, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    private WorkQueue queue(String node, WorkQueue.Mode mode) {
        return queues.onNode(node).queue("test-work", TABLE, POLICY, mode);
    }

    private WorkQueue queue(String node, WorkQueue.Mode mode, int batchSize) {
        return queues.onNode(node).queue("test-work", TABLE, new WorkPolicy(batchSize, POLICY.lease(),
                POLICY.maxAttempts(), POLICY.initialBackoff(), POLICY.maxBackoff()), mode);
    }

    /** Items 1 to {@code count}, due now. */
    private void addItems(int count) {
        for (int id = 1; id <= count; id++) {
            add(id);
        }
    }

    private void add(long id) {
        add(id, "key-" + id);
    }

    private void add(long id, String key) {
        jdbc.update("insert into work_test_item (id, item_key, status, next_attempt_at) values (?, ?, 'PENDING', ?)",
                id, key, start.atOffset(ZoneOffset.UTC));
    }

    private void effect(long id, String node) {
        jdbc.update("insert into work_test_effect (item_id, node) values (?, ?)", id, node);
    }

    private Map<String, Object> item(long id) {
        Map<String, Object> row = new java.util.HashMap<>();
        jdbc.queryForMap("select status, attempts, next_attempt_at, claimed_by, claimed_until, last_error"
                + " from work_test_item where id = ?", id).forEach((column, value) -> row.put(column.toLowerCase(), value));
        return row;
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (timestamp instanceof java.sql.Timestamp sql) {
            return sql.toInstant();
        }
        throw new IllegalArgumentException(String.valueOf(timestamp));
    }

    private double lostClaims() {
        Counter counter = meters.find("orderflow.work.lost.claims").tag("queue", "test-work").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Instant clock() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    private static void moveClockTo(Instant at) {
        ClockUtil.setCurrentTime(Date.from(at));
    }
}
