package io.orderflow.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Commerce as the nodes see it: every call passes to the sandbox's commerce simulator of a node that is up (its
 * orders live in the shared database), unless the test planned a fault for that kind of call: an answer after a
 * delay, or a status of its own for the next n calls.
 */
final class CommerceFaults implements AutoCloseable {

    /** The kinds of call, as the application makes them. */
    enum Call { LOOKUP, CREATE, HOLD, RELEASE, CANCEL, LINK }

    private record Fault(int status, Duration delay, AtomicInteger remaining) {
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "upgrade", "keep-alive", "expect");

    private final HttpServer server;
    private final Supplier<List<String>> upstreams;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Call, Fault> faults = new ConcurrentHashMap<>();
    private final Map<Call, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<Call, AtomicInteger> faulted = new ConcurrentHashMap<>();

    /** @param upstreams base URLs of the nodes that are up, in the order to try them */
    CommerceFaults(Supplier<List<String>> upstreams) throws IOException {
        this.upstreams = upstreams;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "commerce-faults");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sandbox/commerce";
    }

    /** The next {@code times} calls of this kind answer {@code status} (0: pass on) after {@code delay}. */
    void plan(Call call, int status, Duration delay, int times) {
        faulted.put(call, new AtomicInteger());
        faults.put(call, new Fault(status, delay, new AtomicInteger(times)));
    }

    void clear() {
        faults.clear();
    }

    int calls(Call call) {
        return calls.computeIfAbsent(call, c -> new AtomicInteger()).get();
    }

    /** How many calls of this kind the last plan for it changed. */
    int faulted(Call call) {
        return faulted.computeIfAbsent(call, c -> new AtomicInteger()).get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Call call = callOf(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
            calls.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Fault fault = faults.get(call);
            if (fault != null && fault.remaining().getAndDecrement() > 0) {
                faulted.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
                sleep(fault.delay());
                if (fault.status() != 0) {
                    answer(exchange, fault.status(), "{\"error\":\"planned " + fault.status() + " for " + call + "\"}");
                    return;
                }
            }
            pass(exchange, body);
        }
    }

    private void pass(HttpExchange exchange, byte[] body) throws IOException {
        IOException last = new IOException("no node is up");
        for (String upstream : upstreams.get()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().map().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
                return;
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        answer(exchange, 502, "{\"error\":\"" + last.getMessage() + "\"}");
    }

    private static Call callOf(String method, String path) {
        if (path.endsWith("/customer-master")) {
            return Call.LINK;
        }
        if (path.endsWith("/hold")) {
            return Call.HOLD;
        }
        if (path.endsWith("/release")) {
            return Call.RELEASE;
        }
        if (path.endsWith("/cancel")) {
            return Call.CANCEL;
        }
        return "POST".equals(method) && path.endsWith("/orders") ? Call.CREATE : Call.LOOKUP;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
