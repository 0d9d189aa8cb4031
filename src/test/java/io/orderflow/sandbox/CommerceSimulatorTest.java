package io.orderflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The sandbox's commerce keeps its orders in the database, so a restart neither forgets them nor reuses codes. */
class CommerceSimulatorTest extends IntegrationTest {

    private static final String ORDER = """
            {"customerId":"emily.clark","b2bUnitId":"US-MERCY","lines":[{"sku":"SKU-CONS-100","quantity":2}]}""";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void anOrderIsCreatedOncePerIdempotencyKeyAndRemainsKnownWithItsChangesAfterARestart() throws Exception {
        String key = UUID.randomUUID().toString();
        JsonNode created = create(key);
        assertThat(create(key).get("orderCode")).as("same key, same order").isEqualTo(created.get("orderCode"));
        String code = created.get("orderCode").asText();
        HttpResponse<String> released = HttpCalls.postJson(url("/sandbox/commerce/orders/" + code + "/release"), "{}",
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);

        // what a restarted sandbox has: a new store on the same database
        CommerceOrderStore restarted = new CommerceOrderStore(jdbc, json, transaction);

        CommerceSimulator.Order known = restarted.find(code).orElseThrow();
        assertThat(known.status()).isEqualTo("RELEASED");
        assertThat(known.customerId()).isEqualTo("emily.clark");
        CommerceSimulator.Order next = restarted.createOnce(UUID.randomUUID().toString(),
                CommerceSimulatorTest::newOrder);
        assertThat(number(next.orderCode())).isGreaterThan(number(code));
        assertThat(HttpCalls.get(url("/sandbox/commerce/orders/CO-999999999"),
                "Authorization", HttpCalls.basic("sara", PASSWORD)).statusCode()).isEqualTo(404);
    }

    @Test
    void twoNodesCreatingOrdersAtOnceNumberThemApartAndMakeOneOrderPerKey() throws Exception {
        CommerceOrderStore nodeA = new CommerceOrderStore(jdbc, json, transaction);
        CommerceOrderStore nodeB = new CommerceOrderStore(jdbc, json, transaction);
        List<String> keys = new ArrayList<>();
        List<Callable<CommerceSimulator.Order>> creates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = UUID.randomUUID().toString();
            keys.add(key);
            creates.add(() -> nodeA.createOnce(key, CommerceSimulatorTest::newOrder));
            creates.add(() -> nodeB.createOnce(key, CommerceSimulatorTest::newOrder));
        }

        List<CommerceSimulator.Order> created = racing(creates);

        Set<String> codes = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            assertThat(created.get(2 * i + 1).orderCode()).as("the same key on both nodes")
                    .isEqualTo(created.get(2 * i).orderCode());
            codes.add(created.get(2 * i).orderCode());
        }
        assertThat(codes).as("one order number per key").hasSize(keys.size());
        assertThat(jdbc.queryForObject("select count(*) from sandbox_commerce_order where idempotency_key in ("
                + String.join(",", keys.stream().map(key -> "'" + key + "'").toList()) + ")", Integer.class))
                .isEqualTo(keys.size());
    }

    @Test
    void theNumbersOfASandboxWithoutSequenceGoOnAfterItsLastOrder() {
        CommerceOrderStore store = new CommerceOrderStore(jdbc, json, transaction);
        int last = number(store.createOnce(UUID.randomUUID().toString(), CommerceSimulatorTest::newOrder).orderCode());
        // what an older sandbox left: orders it numbered itself and no sequence
        jdbc.update("insert into sandbox_commerce_order (order_number, idempotency_key, body) values (?, ?, ?)",
                last + 50, UUID.randomUUID().toString(), "{}");
        jdbc.execute("drop sequence sandbox_commerce_order_number");

        CommerceOrderStore upgraded = new CommerceOrderStore(jdbc, json, transaction);

        assertThat(number(upgraded.createOnce(UUID.randomUUID().toString(), CommerceSimulatorTest::newOrder)
                .orderCode())).isEqualTo(last + 51);
    }

    @Test
    void twoNodesChangingOneOrderAtOnceKeepBothChanges() throws Exception {
        List<String> codes = new ArrayList<>();
        List<Callable<CommerceSimulator.Order>> changes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // a pair of nodes per order: the changes of one order race, never wait for those of another
            CommerceOrderStore nodeA = new CommerceOrderStore(jdbc, json, transaction);
            CommerceOrderStore nodeB = new CommerceOrderStore(jdbc, json, transaction);
            String code = nodeA.createOnce(UUID.randomUUID().toString(), CommerceSimulatorTest::newOrder).orderCode();
            codes.add(code);
            changes.add(() -> nodeA.change(code, order -> slowly(order.withStatus("ON_HOLD"))).orElseThrow());
            changes.add(() -> nodeB.change(code, order -> slowly(order.withMasterId("MDM-RACE"))).orElseThrow());
        }

        racing(changes);

        for (String code : codes) {
            CommerceSimulator.Order changed = new CommerceOrderStore(jdbc, json, transaction).find(code).orElseThrow();
            assertThat(changed.status()).as(code).isEqualTo("ON_HOLD");
            assertThat(changed.masterId()).as(code).isEqualTo("MDM-RACE");
        }
    }

    /** Runs the calls at once, each on a thread of its own; their results in the order of the calls. */
    private static <T> List<T> racing(List<Callable<T>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private static CommerceSimulator.Order slowly(CommerceSimulator.Order order) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return order;
    }

    private static CommerceSimulator.Order newOrder() {
        return new CommerceSimulator.Order(null, "CREATED", "emily.clark", "US-MERCY", null, List.of());
    }

    private JsonNode create(String key) throws Exception {
        HttpResponse<String> response = HttpCalls.postJson(url("/sandbox/commerce/orders"), ORDER, "Idempotency-Key", key,
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private static int number(String code) {
        return Integer.parseInt(code.substring("CO-".length()));
    }
}
