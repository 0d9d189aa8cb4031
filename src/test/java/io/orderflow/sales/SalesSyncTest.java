package io.orderflow.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.work.WorkQueues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivery of sales events to the sandbox's sales system (a signed webhook receiver) across two nodes of one database:
 * every event exactly once, in order per business key, when both nodes race, when a node dies holding an event, and
 * when the sales system refuses an event until an operator delivers it again. Each test's events have keys of their
 * own; events of other keys still waiting in the shared database go to the real sales system as usual.
 */
class SalesSyncTest extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @Autowired
    SalesEvents events;
    @Autowired
    SalesTarget sandboxSalesSystem;
    @Autowired
    SalesProperties properties;
    @Autowired
    WorkQueues queues;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    Clock clock;

    /** What reached the sales system, per key, in the order it arrived. */
    final Map<String, List<String>> delivered = new ConcurrentHashMap<>();
    /** Keys whose events the sales system refuses for now. */
    final Set<String> refused = ConcurrentHashMap.newKeySet();

    @Test
    void twoNodesRacingDeliverEveryEventOnceAndInOrderPerKey() throws Exception {
        List<String> keys = List.of(key(), key(), key());
        for (int step = 1; step <= 5; step++) {
            for (String key : keys) {
                write(key, "step-" + step);
            }
        }
        Instant now = clock.instant();
        List<SalesSync> nodes = List.of(node("node-a", 12), node("node-b", 12));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int pass = 0; pass < 8; pass++) {
                List<Callable<Integer>> passes = new ArrayList<>();
                for (SalesSync node : nodes) {
                    passes.add(() -> node.deliverDue(now));
                }
                for (Future<Integer> done : threads.invokeAll(passes)) {
                    done.get();
                }
            }
        } finally {
            threads.shutdownNow();
        }

        for (String key : keys) {
            assertThat(delivered.get(key)).as(key).containsExactly("step-1", "step-2", "step-3", "step-4", "step-5");
            assertThat(received(key)).as(key).hasSize(5)
                    .allSatisfy(event -> assertThat(event.path("deliveries").asInt()).isEqualTo(1));
            assertThat(statuses(key)).containsOnly(SalesSync.DELIVERED);
        }
    }

    @Test
    void anEventANodeDiedHoldingIsDeliveredByTheOtherAfterItsLeaseAndItsKeyWaitsMeanwhile() throws Exception {
        String key = key();
        String other = key();
        write(key, "first");
        write(key, "second");
        write(other, "elsewhere");
        Instant now = clock.instant();
        // node-a posted the first event and died before it recorded the delivery: its claim stands until its lease ends
        long first = ids(key).get(0);
        jdbc.update("update sales_event set claimed_by = 'node-a', claimed_until = ? where id = ?",
                now.plus(properties.sender().lease()).atOffset(ZoneOffset.UTC), first);
        sandboxSalesSystem.deliver(syncOf("node-a").event(first));

        SalesSync survivor = node("node-b", 12);
        survivor.deliverDue(now.plusSeconds(1));
        assertThat(delivered.get(other)).containsExactly("elsewhere");
        assertThat(delivered).doesNotContainKey(key);

        survivor.deliverDue(now.plus(properties.sender().lease()).plusSeconds(1));
        survivor.deliverDue(now.plus(properties.sender().lease()).plusSeconds(2));
        assertThat(delivered.get(key)).containsExactly("first", "second");
        // the sales system saw the first event twice under one webhook-id and kept it once
        assertThat(received(key)).extracting(event -> event.path("deliveries").asInt()).containsExactly(2, 1);
        assertThat(statuses(key)).containsOnly(SalesSync.DELIVERED);
    }

    @Test
    void anEventTheSalesSystemNeverTakesIsFailedHoldsItsKeyBackAndAnOperatorDeliversItAgain() {
        String key = key();
        write(key, "refused");
        write(key, "after");
        refused.add(key);
        SalesSync node = node("node-a", 2);
        Instant now = clock.instant();
        node.deliverDue(now);
        node.deliverDue(now.plus(properties.sender().maxBackoff()));
        node.deliverDue(now.plus(properties.sender().maxBackoff()).plusSeconds(3600));
        assertThat(statuses(key)).containsExactly(SalesSync.FAILED, SalesSync.PENDING);
        assertThat(delivered).doesNotContainKey(key);

        HttpClient admin = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = send(admin, HttpRequest.newBuilder(URI.create(url("/operations/sales-events")))
                .header("Authorization", HttpCalls.basic("admin", PASSWORD))).body();
        long failed = ids(key).get(0);
        assertThat(page).contains(key).contains("the sales system refuses " + key);
        assertThat(HttpCalls.get(url("/operations/sales-events"), "Authorization", HttpCalls.basic("sara", PASSWORD))
                .statusCode()).as("sales reps do not operate the sync").isEqualTo(403);

        refused.remove(key);
        String form = page.substring(page.indexOf("/operations/sales-events/" + failed + "/redeliver"));
        Matcher token = CSRF.matcher(form.substring(0, form.indexOf("</form>")));
        assertThat(token.find()).isTrue();
        HttpResponse<String> redelivered = send(admin, HttpRequest.newBuilder(
                        URI.create(url("/operations/sales-events/" + failed + "/redeliver")))
                .header("Authorization", HttpCalls.basic("admin", PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token.group(1),
                        StandardCharsets.UTF_8))));
        assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(302);

        Instant later = clock.instant();
        node.deliverDue(later);
        node.deliverDue(later);
        assertThat(delivered.get(key)).containsExactly("refused", "after");
        assertThat(statuses(key)).containsOnly(SalesSync.DELIVERED);
    }

    /** Another node on the same database, delivering to the sandbox's sales system unless the key is refused. */
    private SalesSync node(String name, int maxAttempts) {
        SalesProperties.Sender sender = properties.sender();
        SalesProperties settings = new SalesProperties(properties.target(), properties.source(),
                properties.connectTimeout(), properties.readTimeout(), properties.auth(), properties.webhook(),
                properties.salesforce(), new SalesProperties.Sender(false, sender.interval(), sender.batchSize(),
                        maxAttempts, sender.initialBackoff(), sender.maxBackoff(), sender.lease()));
        SalesTarget target = new SalesTarget() {
            @Override
            public boolean accepts(String kind) {
                return true;
            }

            @Override
            public void deliver(SalesEvent event) throws Exception {
                if (refused.contains(event.businessKey())) {
                    throw new IllegalStateException("the sales system refuses " + event.businessKey());
                }
                sandboxSalesSystem.deliver(event);
                delivered.computeIfAbsent(event.businessKey(), key -> Collections.synchronizedList(new ArrayList<>()))
                        .add(event.data().path("step").asText());
            }
        };
        return new SalesSync(target, settings, queues.onNode(name), jdbc, json, clock);
    }

    private SalesSync syncOf(String name) {
        return new SalesSync(sandboxSalesSystem, properties, queues.onNode(name), jdbc, json, clock);
    }

    private static String key() {
        return "Q-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private void write(String key, String step) {
        transaction.executeWithoutResult(tx -> events.record(SalesEvents.QUOTE, "test", key, Map.of("step", step),
                clock.instant()));
    }

    private List<Long> ids(String key) {
        return jdbc.queryForList("select id from sales_event where business_key = ? order by id", Long.class, key);
    }

    private List<String> statuses(String key) {
        return jdbc.queryForList("select status from sales_event where business_key = ? order by id", String.class, key);
    }

    /** What the sandbox's sales system received for the key, oldest first. */
    private List<JsonNode> received(String key) throws Exception {
        HttpResponse<String> response = HttpCalls.get(url("/sandbox/sales.json?subject=" + key),
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        json.readTree(response.body()).forEach(events::add);
        Collections.reverse(events);
        return events;
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
