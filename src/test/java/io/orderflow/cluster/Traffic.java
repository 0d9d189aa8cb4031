package io.orderflow.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.security.CallbackSignatures;

/**
 * The people and systems around the cluster, over HTTP to whichever node is up: the checkout places orders and
 * requests quotes (and tries again on 503, as {@code Retry-After} asks), buyers accept their offers, sara, bob and
 * olga do their tasks through the engine REST as themselves, and Reltio sends every validation result once more.
 */
final class Traffic implements AutoCloseable {

    /** One HTTP answer: status, body, the header {@code Retry-After} and how long it took. */
    record Answer(int status, JsonNode body, String contentType, String retryAfter, Duration took) {
    }

    static final String DE_UNVALIDATED = "anna.schmidt";
    static final String DE_VALIDATED = "jens.weber";
    private static final String API_KEY = "sandbox-checkout-key";
    private static final CallbackSignatures RELTIO = new CallbackSignatures("sandbox-reltio-secret");
    private static final String PASSWORD = "demo";

    private final Cluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger turn = new AtomicInteger();
    /** Quotes of the flow (not the latency probes) and what their buyer does: accept. */
    final Set<String> flowQuotes = ConcurrentHashMap.newKeySet();
    /** Order requests to reject at approval (the cancellation path). */
    final Set<String> toReject = ConcurrentHashMap.newKeySet();
    final Map<String, String> orderOfQuote = new ConcurrentHashMap<>();
    final AtomicInteger extraCallbacks = new AtomicInteger();
    final AtomicInteger tasksDone = new AtomicInteger();
    final AtomicInteger checkoutRetries = new AtomicInteger();
    private final Set<String> copied = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private final Thread people;

    Traffic(Cluster cluster) {
        this.cluster = cluster;
        people = new Thread(this::work, "people");
        people.setDaemon(true);
        people.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        people.join(10_000);
    }

    // --- checkout and buyers ---------------------------------------------------------------------------------------

    /** Places an order without a quote; returns its order request id. */
    String placeOrder(String customer, String sku, int quantity) throws InterruptedException {
        String key = "matrix-order-" + sequence.incrementAndGet();
        Map<String, Object> body = Map.of("cartId", key, "customerId", customer, "b2bUnitId", "DE-UNIKLINIK",
                "country", "DE", "currency", "EUR", "items", List.of(Map.of("sku", sku, "quantity", quantity,
                        "unitPrice", 120.00)));
        return checkout("/api/v1/orders", key, body).body().path("orderRequestId").asText();
    }

    /** Requests a quote that sara offers and the buyer accepts; returns its code. */
    String requestQuote() throws InterruptedException {
        String code = checkout("/api/v1/quotes", "matrix-quote-" + sequence.incrementAndGet(), quoteRequest())
                .body().path("quoteCode").asText();
        flowQuotes.add(code);
        return code;
    }

    /** One quote request to one node, without retrying: what a checkout sees at that moment. */
    Answer probeQuote(Node node) {
        String key = "matrix-probe-" + sequence.incrementAndGet();
        return send(node, post("/api/v1/quotes", quoteRequest()).header("X-Api-Key", API_KEY).header("Idempotency-Key", key));
    }

    /** A signed callback for a request nobody made, to one node: what Reltio sees at that moment. */
    Answer probeCallback(Node node) {
        String body = "{\"requestId\":\"RLT-probe-" + sequence.incrementAndGet() + "\",\"status\":\"MATCH\",\"entityUri\":\"entities/probe\"}";
        return send(node, signedCallback(body));
    }

    private Map<String, Object> quoteRequest() {
        return Map.of("cartId", "matrix-cart-" + sequence.incrementAndGet(), "customerId", DE_UNVALIDATED,
                "b2bUnitId", "DE-UNIKLINIK", "country", "DE", "currency", "EUR", "items", List.of(Map.of("sku",
                        "SKU-CTRL-300", "quantity", 1, "unitPrice", 8000.00)), "requestedDiscountPercent", 0);
    }

    private Answer checkout(String path, String idempotencyKey, Object body) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            Answer answer = send(next(), post(path, body).header("X-Api-Key", API_KEY).header("Idempotency-Key", idempotencyKey));
            if (answer.status() / 100 == 2) {
                return answer;
            }
            if (Instant.now().isAfter(until) || (answer.status() / 100 == 4)) {
                throw new IllegalStateException(path + " answered " + answer.status() + ": " + answer.body());
            }
            checkoutRetries.incrementAndGet();
            Thread.sleep(answer.retryAfter() == null ? 1000 : Math.min(5, Long.parseLong(answer.retryAfter())) * 1000L);
        }
    }

    // --- people at work --------------------------------------------------------------------------------------------

    private void work() {
        while (running) {
            try {
                buyersAccept();
                tasks("sara", "reviewQuote", task -> Map.of("offeredDiscountPercent", typed(0.0, "Double"),
                        "validityDays", typed(30L, "Long"), "sellerComment", typed("Matrix offer", "String"),
                        "reviewOutcome", typed("offer", "String")));
                tasks("bob", "requestCustomerDetails", task -> Map.of("detailsChannel", typed("enter", "String")));
                tasks("bob", "submitKycData", task -> kyc());
                tasks("bob", "resolveCommerceRefusal", task -> retry());
                tasks("bob", "resolveLinkRefusal", task -> retry());
                tasks("olga", "approveOrder", task -> toReject.contains(variable("olga", task, "orderRequestId"))
                        ? Map.of("orderDecision", typed("reject", "String"), "decisionReason", typed("Licence missing", "String"))
                        : Map.of("orderDecision", typed("approve", "String")));
                copyCallbacks();
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a node died or the database is away: people try again in a moment
            }
        }
    }

    private void buyersAccept() {
        for (String code : flowQuotes) {
            if (orderOfQuote.containsKey(code) || !"OFFERED".equals(state("quote", "code", code))) {
                continue;
            }
            Answer answer = send(next(), post("/api/v1/quotes/" + code + "/accept",
                    Map.of("userId", DE_UNVALIDATED, "activeB2bUnitId", "DE-UNIKLINIK")).header("X-Api-Key", API_KEY));
            if (answer.status() == 200) {
                orderOfQuote.put(code, answer.body().path("orderRequestId").asText());
            }
        }
    }

    private interface Form {
        Map<String, Object> of(JsonNode task);
    }

    private void tasks(String user, String taskKey, Form form) {
        Node node = next();
        Answer list = send(node, as(user, get("/engine-rest/task?taskDefinitionKey=" + taskKey + "&maxResults=20")));
        if (list.status() != 200) {
            return;
        }
        for (JsonNode task : list.body()) {
            if ("reviewQuote".equals(taskKey) && !flowQuotes.contains(variable(user, task, "quoteCode"))) {
                continue; // a latency probe's quote: nobody reviews it
            }
            String id = task.path("id").asText();
            if (task.path("assignee").isNull() || task.path("assignee").isMissingNode()) {
                send(node, as(user, post("/engine-rest/task/" + id + "/claim", Map.of("userId", user))));
            }
            Answer done = send(node, as(user, post("/engine-rest/task/" + id + "/submit-form",
                    Map.of("variables", form.of(task)))));
            if (done.status() / 100 == 2) {
                tasksDone.incrementAndGet();
            }
        }
    }

    private String variable(String user, JsonNode task, String name) {
        Answer answer = send(next(), as(user, get("/engine-rest/task/" + task.path("id").asText() + "/variables/" + name)));
        return answer.body() == null ? null : answer.body().path("value").asText(null);
    }

    private static Map<String, Object> retry() {
        return Map.of("refusalResolution", typed("retry", "String"));
    }

    private static Map<String, Object> kyc() {
        // a tax id ending in 0: the sandbox Reltio answers MATCH
        return Map.of("legalName", typed("Universitätsklinikum Nord", "String"), "taxId", typed("DE123456780", "String"),
                "licenceNumber", typed("BY-MP-4711", "String"), "addressLine1", typed("Ismaninger Straße 22", "String"),
                "city", typed("München", "String"), "postalCode", typed("81675", "String"),
                "region", typed("Bavaria", "String"), "country", typed("DE", "String"));
    }

    private static Map<String, Object> typed(Object value, String type) {
        return Map.of("value", value, "type", type);
    }

    /** Reltio sends each result once more, signed, to the node that did not get it from the simulator. */
    private void copyCallbacks() {
        for (Map<String, Object> callback : cluster.jdbc.queryForList("select request_id, body from reltio_callback")) {
            String requestId = (String) callback.get("request_id");
            if (requestId.startsWith("RLT-probe-") || copied.contains(requestId)) {
                continue;
            }
            Answer answer = send(next(), signedCallback((String) callback.get("body")));
            if (answer.status() / 100 == 2) {
                copied.add(requestId);
                extraCallbacks.incrementAndGet();
            }
        }
    }

    String state(String table, String keyColumn, String key) {
        List<String> states = cluster.jdbc.queryForList("select state from " + table + " where " + keyColumn + " = ?",
                String.class, key);
        return states.isEmpty() ? null : states.get(0);
    }

    // --- HTTP ------------------------------------------------------------------------------------------------------

    Node next() {
        List<Node> alive = cluster.alive();
        return alive.get(Math.floorMod(turn.incrementAndGet(), alive.size()));
    }

    void behaveOnAllNodes(Map<String, Object> reltioBehaviour) {
        for (Node node : cluster.alive()) {
            Answer answer = send(node, as("integration", post("/sandbox/reltio/behaviour", reltioBehaviour)));
            if (answer.status() != 200) {
                throw new IllegalStateException("Reltio behaviour on " + node.name + ": " + answer.status());
            }
        }
    }

    /** A request to whichever node it is sent to. */
    record Call(String method, String path, Map<String, String> headers, String body) {

        Call header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(method, path, more, body);
        }
    }

    private static Call signedCallback(String body) {
        return new Call("POST", "/api/v1/callbacks/reltio", Map.of("Content-Type", "application/json",
                CallbackSignatures.HEADER, RELTIO.sign(body, Instant.now())), body);
    }

    private Call post(String path, Object body) {
        try {
            return new Call("POST", path, Map.of("Content-Type", "application/json"), json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Call get(String path) {
        return new Call("GET", path, Map.of(), null);
    }

    private static Call as(String user, Call call) {
        return call.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends the call to the node; a refused or broken connection is status -1. */
    Answer send(Node node, Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(call.path())))
                .timeout(Duration.ofSeconds(60)).method(call.method(), call.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach(request::header);
        Instant start = Instant.now();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? null : parse(response.body());
            return new Answer(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), Duration.between(start, Instant.now()));
        } catch (IOException e) {
            return new Answer(-1, null, null, null, Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, null, null, Duration.between(start, Instant.now()));
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
