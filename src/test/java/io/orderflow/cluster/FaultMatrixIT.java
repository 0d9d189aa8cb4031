package io.orderflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.orderflow.cluster.CommerceFaults.Call;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault matrix: two nodes on one PostgreSQL database carry a bounded load through quote → order → validation
 * while one fault after the other hits them: a node killed mid-load, the database cut for 30 s, each Reltio result
 * delivered three times (one before the process waits), SMTP slow and then absent, commerce slow, failing and refusing
 * each call. After each, the work must end as it would without the fault, and at the end every effect must have
 * happened exactly once: one commerce order per order request, one mail per outbox message, one correlation per
 * validation request, no instance ended without its outcome, no incident. The figures are printed for the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixIT {

    private static final Set<String> FINAL_STATES = Set.of("RELEASED", "CANCELLED", "FAILED");
    private static final Duration SETTLE = Duration.ofMinutes(4);

    private Cluster cluster;
    private Traffic traffic;
    /** Every order request of the run and the state it must end in. */
    private final Map<String, String> expected = new ConcurrentHashMap<>();
    private final Map<String, String> figures = new LinkedHashMap<>();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = new Cluster(Path.of("target", "fault-matrix"));
        Map<String, Duration> startUp = cluster.start();
        startUp.forEach((node, took) -> figure("start-up of " + node, seconds(took)));
        traffic = new Traffic(cluster);
    }

    @AfterAll
    void stopCluster() throws Exception {
        System.out.println("\n=== Fault matrix: two nodes, one PostgreSQL database ===");
        figures.forEach((name, value) -> System.out.printf("  %-62s %s%n", name, value));
        if (traffic != null) {
            traffic.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyValidationResultArrivesThreeTimesOneOfThemBeforeTheProcessWaits() throws Exception {
        // the simulator sends each result before it answers the request and once more later; the test sends a third
        traffic.behaveOnAllNodes(Map.of("early", true, "twice", true, "delay", "PT1S"));
        List<String> quotes = List.of(traffic.requestQuote(), traffic.requestQuote());
        List<String> orders = place(4, Traffic.DE_UNVALIDATED, "SKU-CTRL-300", "RELEASED");
        Duration took = awaitSettled(orders, quotes);
        figure("early and triplicated results: settled", seconds(took));
        traffic.behaveOnAllNodes(Map.of("early", false, "twice", false, "delay", "PT1S"));
    }

    @Test
    @Order(2)
    void aNodeKilledMidLoadLeavesItsWorkToTheOther() throws Exception {
        // commerce takes 4 s per order, so that the node dies with calls in flight and jobs locked
        cluster.commerce.plan(Call.CREATE, 0, Duration.ofSeconds(4), 16);
        List<String> orders = place(8, Traffic.DE_UNVALIDATED, "SKU-CTRL-300", "RELEASED");
        orders.addAll(place(8, Traffic.DE_VALIDATED, "SKU-CONS-100", "RELEASED"));
        Thread.sleep(3000);
        Node victim = cluster.nodes.get(1);
        victim.kill();
        Instant killed = Instant.now();
        awaitSettled(orders, List.of());
        cluster.commerce.clear();
        figure("node killed (kill -9) mid-load: its work done by the other after", seconds(Duration.between(killed, Instant.now())));
        victim.start();
        figure("killed node back in service after", seconds(victim.awaitReady(Duration.ofMinutes(5))));
    }

    @Test
    @Order(3)
    void aDatabaseOutageIsAnsweredAtOnceWith503AndRetryAfter() throws Exception {
        List<String> orders = place(6, Traffic.DE_UNVALIDATED, "SKU-CTRL-300", "RELEASED");
        List<String> quotes = List.of(traffic.requestQuote());
        Thread.sleep(2000);
        cluster.databaseLink.cut();
        Instant cut = Instant.now();
        List<Traffic.Answer> probes = new ArrayList<>();
        Map<String, Integer> health = new HashMap<>();
        while (Duration.between(cut, Instant.now()).toSeconds() < 30) {
            for (Node node : cluster.alive()) {
                probes.add(traffic.probeQuote(node));
                probes.add(traffic.probeCallback(node));
                health.merge("health " + node.status("/actuator/health"), 1, Integer::sum);
                health.merge("readiness " + node.status("/actuator/health/readiness"), 1, Integer::sum);
                health.merge("liveness " + node.status("/actuator/health/liveness"), 1, Integer::sum);
            }
            Thread.sleep(1000);
        }
        cluster.databaseLink.restore();
        Instant restored = Instant.now();
        Duration backIn = awaitQuoteTaken();
        awaitSettled(orders, quotes);
        Duration slowest = probes.stream().map(Traffic.Answer::took).max(Comparator.naturalOrder()).orElseThrow();
        figure("database cut 30 s: answers during the cut", probes.stream()
                .collect(Collectors.groupingBy(Traffic.Answer::status, Collectors.counting())) + ", slowest " + millis(slowest));
        figure("database cut 30 s: probes of health during the cut", health.toString());
        figure("database cut 30 s: API takes quotes again after", seconds(backIn));
        figure("database cut 30 s: work of the cut settled after", seconds(Duration.between(restored, Instant.now())));
        assertThat(probes).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.retryAfter()).isNotBlank();
        });
        assertThat(slowest).isLessThan(Duration.ofSeconds(10));
        assertThat(health).containsOnlyKeys("health 503", "readiness 503", "liveness 200");
    }

    @Test
    @Order(4)
    void slowAndThenAbsentSmtpDelaysMailsButSendsEachOnce() throws Exception {
        cluster.mailLink.slowAnswers(Duration.ofMillis(700));
        List<String> orders = place(4, Traffic.DE_VALIDATED, "SKU-CONS-100", "RELEASED");
        List<String> quotes = List.of(traffic.requestQuote(), traffic.requestQuote());
        Thread.sleep(20_000);
        cluster.mailLink.cut();
        Thread.sleep(40_000);
        cluster.mailLink.slowAnswers(Duration.ZERO);
        cluster.mailLink.restore();
        Instant restored = Instant.now();
        awaitSettled(orders, quotes);
        Duration drained = awaitMailsSent();
        int retried = cluster.jdbc.queryForObject("select count(*) from notification_outbox where attempts > 1", Integer.class);
        figure("SMTP slow (0.7 s per answer) then absent 40 s: outbox drained after", seconds(drained)
                + " from its return; " + retried + " mails needed more than one attempt");
        assertThat(retried).as("mails the outage made wait").isPositive();
        assertThat(Duration.between(restored, Instant.now())).isLessThan(SETTLE);
    }

    @Test
    @Order(5)
    void aSlowCommerceDoesNotSlowTheApi() throws Exception {
        List<Long> before = probeQuotes(Duration.ofSeconds(15));
        cluster.commerce.plan(Call.CREATE, 0, Duration.ofSeconds(9), 50);
        ExecutorService checkout = Executors.newFixedThreadPool(10);
        List<Future<String>> placing = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            placing.add(checkout.submit(() -> traffic.placeOrder(Traffic.DE_VALIDATED, "SKU-CONS-100", 2)));
        }
        List<Long> during = probeQuotes(Duration.ofSeconds(30));
        List<String> orders = new ArrayList<>();
        for (Future<String> order : placing) {
            orders.add(order.get());
        }
        orders.forEach(order -> expected.put(order, "RELEASED"));
        checkout.shutdown();
        Duration settled = awaitSettled(orders, List.of());
        cluster.commerce.clear();
        figure("POST /api/v1/quotes, commerce answering at once", latencies(before));
        figure("POST /api/v1/quotes, commerce answering in 9 s to 50 orders", latencies(during));
        figure("commerce answering in 9 s, 50 orders at once: all released after", seconds(settled));
        assertThat(cluster.commerce.faulted(Call.CREATE)).isEqualTo(50);
    }

    @Test
    @Order(6)
    void aFailingCommerceIsTriedAgain() throws Exception {
        cluster.commerce.plan(Call.CREATE, 503, Duration.ZERO, 3);
        cluster.commerce.plan(Call.RELEASE, 500, Duration.ZERO, 2);
        List<String> orders = place(5, Traffic.DE_VALIDATED, "SKU-CONS-100", "RELEASED");
        Duration settled = awaitSettled(orders, List.of());
        figure("commerce failing (3 creates 503, 2 releases 500): settled after",
                seconds(settled) + " (a failed job is tried again after 1 min)");
        assertThat(cluster.commerce.faulted(Call.CREATE)).isEqualTo(3);
        assertThat(cluster.commerce.faulted(Call.RELEASE)).isEqualTo(2);
    }

    @Test
    @Order(7)
    void commerceRefusingAnyCallEndsWithBackOfficeOrAVisibleFailureNeverSilently() throws Exception {
        cluster.commerce.plan(Call.CREATE, 422, Duration.ZERO, 1);
        List<String> refused = place(1, Traffic.DE_VALIDATED, "SKU-CONS-100", "FAILED");
        awaitSettled(refused, List.of());
        cluster.commerce.plan(Call.HOLD, 409, Duration.ZERO, 1);
        awaitSettled(place(1, Traffic.DE_UNVALIDATED, "SKU-CTRL-300", "RELEASED"), List.of());
        cluster.commerce.plan(Call.LINK, 409, Duration.ZERO, 1);
        awaitSettled(place(1, Traffic.DE_UNVALIDATED, "SKU-CTRL-300", "RELEASED"), List.of());
        cluster.commerce.plan(Call.RELEASE, 409, Duration.ZERO, 1);
        awaitSettled(place(1, Traffic.DE_UNVALIDATED, "SKU-CTRL-300", "RELEASED"), List.of());
        cluster.commerce.plan(Call.CANCEL, 409, Duration.ZERO, 1);
        List<String> rejected = place(1, Traffic.DE_UNVALIDATED, "SKU-CTRL-300", "CANCELLED");
        traffic.toReject.addAll(rejected);
        awaitSettled(rejected, List.of());
        for (Call call : List.of(Call.CREATE, Call.HOLD, Call.LINK, Call.RELEASE, Call.CANCEL)) {
            assertThat(cluster.commerce.faulted(call)).as("refusals of " + call).isGreaterThanOrEqualTo(1);
        }
        figure("commerce refusing (4xx) create, hold, link, release, cancel", "each ended as modelled: "
                + "create → FAILED, the others → back office retried");
    }

    @Test
    @Order(8)
    void everyEffectHappenedExactlyOnce() throws Exception {
        awaitSettled(expected.keySet(), traffic.flowQuotes);
        Duration drained = awaitMailsSent();
        var jdbc = cluster.jdbc;

        Map<String, String> states = new HashMap<>();
        jdbc.queryForList("select id, state from order_request").forEach(row ->
                states.put((String) row.get("id"), (String) row.get("state")));
        traffic.orderOfQuote.values().forEach(order -> expected.put(order, "RELEASED"));
        assertThat(states).containsAllEntriesOf(expected);
        assertThat(traffic.flowQuotes).allSatisfy(code -> assertThat(traffic.state("quote", "code", code)).isEqualTo("ORDERED"));

        int commerceOrders = jdbc.queryForObject("select count(*) from sandbox_commerce_order", Integer.class);
        int ordersWithCode = jdbc.queryForObject(
                "select count(distinct commerce_order_code) from order_request where commerce_order_code is not null", Integer.class);
        assertThat(commerceOrders).as("one commerce order per order request").isEqualTo(ordersWithCode);

        List<MimeMessage> mails = Arrays.asList(cluster.mailServer.getReceivedMessages());
        // a mail whose answer was lost in transit is sent again, as the same message (same Message-ID): nothing is
        // lost, and each extra copy is one of those answers
        Map<String, Set<String>> messageIdsPerOutboxId = mails.stream().collect(Collectors.groupingBy(
                mail -> header(mail, "X-Orderflow-Outbox-Id"), Collectors.mapping(FaultMatrixIT::messageId, Collectors.toSet())));
        Map<String, Set<String>> messageIdsPerRecipientTypeKey = mails.stream().collect(Collectors.groupingBy(mail ->
                recipient(mail) + " " + header(mail, "X-Orderflow-Type") + " " + header(mail, "X-Orderflow-Business-Key"),
                Collectors.mapping(FaultMatrixIT::messageId, Collectors.toSet())));
        int sent = jdbc.queryForObject("select count(*) from notification_outbox where status = 'SENT'", Integer.class);
        assertThat(jdbc.queryForObject("select count(*) from notification_outbox where status <> 'SENT'", Integer.class)).isZero();
        assertThat(messageIdsPerOutboxId).hasSize(sent).allSatisfy((id, messageIds) -> assertThat(messageIds).as("mail " + id).hasSize(1));
        assertThat(messageIdsPerRecipientTypeKey).allSatisfy((key, messageIds) -> assertThat(messageIds).as(key).hasSize(1));
        int copies = mails.size() - sent;
        assertThat(copies).as("copies of mails beyond the SMTP answers lost in transit").isLessThanOrEqualTo(cluster.mailLink.lostAnswers());

        List<Map<String, Object>> correlations = jdbc.queryForList("""
                select proc_inst_id_, count(*) as times from act_hi_actinst
                where act_id_ = 'validationCompleted' and end_time_ is not null group by proc_inst_id_""");
        int validations = jdbc.queryForObject("select count(*) from customer_validation where request_id is not null", Integer.class);
        assertThat(correlations).hasSize(validations).allSatisfy(row -> assertThat(((Number) row.get("times")).intValue()).isEqualTo(1));
        assertThat(jdbc.queryForObject("select count(*) from reltio_callback where status <> 'CORRELATED' "
                + "and request_id not like 'RLT-probe-%'", Integer.class)).isZero();

        assertThat(jdbc.queryForList("select proc_def_key_, state_, business_key_ from act_hi_procinst "
                + "where proc_def_key_ in ('order-handoff', 'customer-validation') and state_ <> 'COMPLETED'"))
                .as("order and validation instances not completed").isEmpty();
        assertThat(jdbc.queryForList("select activity_id_, incident_msg_ from act_ru_incident")).as("incidents").isEmpty();

        figure("order requests / commerce orders", expected.size() + " / " + commerceOrders);
        figure("mails sent / sent again after an SMTP answer lost in transit", sent + " / " + copies + " (of "
                + cluster.mailLink.lostAnswers() + " answers lost; outbox drained " + seconds(drained) + " after the last order)");
        figure("validation results / correlations / extra copies sent", validations + " / " + correlations.size()
                + " / " + traffic.extraCallbacks.get() + " (plus the simulator's early and second copy)");
        figure("tasks done by people / checkout retries after 503", traffic.tasksDone.get() + " / " + traffic.checkoutRetries.get());
        figure("incidents / instances ended without outcome", "0 / 0");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private List<String> place(int count, String customer, String sku, String expectedState) throws InterruptedException {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String order = traffic.placeOrder(customer, sku, 1);
            orders.add(order);
            expected.put(order, expectedState);
        }
        return orders;
    }

    /** Waits until the orders and the orders of the quotes have ended (released, cancelled or failed). */
    private Duration awaitSettled(Collection<String> orders, Collection<String> quotes) throws InterruptedException {
        Instant start = Instant.now();
        while (true) {
            List<String> open = new ArrayList<>();
            for (String order : orders) {
                if (!FINAL_STATES.contains(String.valueOf(traffic.state("order_request", "id", order)))) {
                    open.add(order + "=" + traffic.state("order_request", "id", order));
                }
            }
            for (String quote : quotes) {
                if (!"ORDERED".equals(traffic.state("quote", "code", quote))) {
                    open.add(quote + "=" + traffic.state("quote", "code", quote));
                }
            }
            if (open.isEmpty()) {
                return Duration.between(start, Instant.now());
            }
            if (Duration.between(start, Instant.now()).compareTo(SETTLE) > 0) {
                throw new AssertionError("not settled after " + SETTLE + ": " + open + "; incidents: "
                        + cluster.jdbc.queryForList("select activity_id_, incident_msg_ from act_ru_incident"));
            }
            Thread.sleep(500);
        }
    }

    /** Quote requests to both nodes in turn for that long, each answered 201; their latencies in ms, sorted. */
    private List<Long> probeQuotes(Duration duration) throws InterruptedException {
        List<Long> latencies = new ArrayList<>();
        Instant until = Instant.now().plus(duration);
        while (Instant.now().isBefore(until)) {
            for (Node node : cluster.alive()) {
                Traffic.Answer answer = traffic.probeQuote(node);
                assertThat(answer.status()).as("quote request while commerce is slow").isEqualTo(201);
                latencies.add(answer.took().toMillis());
            }
            Thread.sleep(100);
        }
        latencies.sort(Comparator.naturalOrder());
        return latencies;
    }

    private static String latencies(List<Long> sorted) {
        return "n=" + sorted.size() + " p50 " + percentile(sorted, 50) + " ms, p95 " + percentile(sorted, 95)
                + " ms, max " + sorted.get(sorted.size() - 1) + " ms";
    }

    private Duration awaitQuoteTaken() throws InterruptedException {
        Instant start = Instant.now();
        while (traffic.probeQuote(traffic.next()).status() != 201) {
            assertThat(Duration.between(start, Instant.now())).isLessThan(SETTLE);
            Thread.sleep(500);
        }
        return Duration.between(start, Instant.now());
    }

    private Duration awaitMailsSent() throws InterruptedException {
        Instant start = Instant.now();
        while (cluster.jdbc.queryForObject("select count(*) from notification_outbox where status <> 'SENT'", Integer.class) > 0) {
            assertThat(Duration.between(start, Instant.now())).as("outbox drained").isLessThan(SETTLE);
            Thread.sleep(500);
        }
        return Duration.between(start, Instant.now());
    }

    private void figure(String name, String value) {
        figures.put(name, value);
        System.out.printf("fault matrix: %s: %s%n", name, value);
    }

    private static String messageId(MimeMessage mail) {
        return header(mail, "Message-ID");
    }

    private static String header(MimeMessage mail, String name) {
        try {
            String[] values = mail.getHeader(name);
            return values == null ? "-" : values[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(MimeMessage mail) {
        try {
            return Arrays.toString(mail.getAllRecipients());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
