package io.orderflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orderflow.TestPorts;
import io.orderflow.cluster.Node;
import io.orderflow.security.CallbackSignatures;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The packaged application in the sandbox profile on PostgreSQL. What its neighbours do is not counted as its work:
 * it sends mail to an SMTP server of the benchmark's, and calls commerce and the sales system at a WireMock server of
 * the benchmark's, which answers the calls the benchmark's flows make as the sandbox's simulators would and passes any
 * other on to them. The simulated Reltio holds its results back: the benchmark delivers them, signed, as Reltio would.
 */
final class ApplicationTarget extends Target {

    private static final String API_KEY = "sandbox-checkout-key";
    /** Reltio signs its callbacks with the sandbox's secret. */
    private static final CallbackSignatures RELTIO = new CallbackSignatures("sandbox-reltio-secret");
    /** A buyer whose customer is not validated yet: her order of a controlled product waits for KYC. */
    private static final String BUYER = "anna.schmidt";
    private static final String COMMERCE = "/sandbox/commerce";
    private static final String SALES_EVENTS = "/sandbox/sales/events";

    /** What back office enters for a customer; a tax id ending in 0: the simulated Reltio finds the customer. */
    static final Map<String, Object> KYC = Map.of("legalName", "Universitätsklinikum Nord", "taxId", "DE123456780",
            "licenceNumber", "BY-MP-4711", "addressLine1", "Ismaninger Straße 22", "city", "München",
            "postalCode", "81675", "region", "Bavaria", "country", "DE");

    private final List<String> jvmOptions;
    private final Map<String, String> applicationSettings;
    private final GreenMail mailServer;
    private final WireMockServer neighbours;
    private final AtomicInteger sequence = new AtomicInteger();

    ApplicationTarget(List<String> jvmOptions, Map<String, String> applicationSettings) throws IOException {
        super("application");
        this.jvmOptions = jvmOptions;
        this.applicationSettings = applicationSettings;
        this.mailServer = new GreenMail(new ServerSetup(TestPorts.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailServer.start();
        this.neighbours = new WireMockServer(options().bindAddress("127.0.0.1").port(TestPorts.free())
                .disableRequestJournal());
        neighbours.start();
        answerAsTheSimulators();
    }

    /**
     * The buyer as the simulated commerce knows her, an order with the code its idempotency key gives, an order's new
     * status, and a sales event taken.
     */
    private void answerAsTheSimulators() {
        String order = "{\"orderCode\":\"{{request.pathSegments.[3]}}\",\"status\":\"%s\"}";
        neighbours.stubFor(get(COMMERCE + "/customers/" + BUYER).willReturn(okJson("""
                {"id":"anna.schmidt","email":"anna.schmidt@uniklinik-nord.example","name":"Dr. Anna Schmidt",\
                "locale":"de","b2bUnitIds":["DE-UNIKLINIK","DE-MVZ-NORD"],"validationStatus":"UNVALIDATED",\
                "masterId":null}""")));
        neighbours.stubFor(post(COMMERCE + "/orders").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"orderCode\":\"B-{{request.headers.Idempotency-Key}}\",\"status\":\"CREATED\"}")));
        for (String[] change : new String[][] {{"hold", "ON_HOLD"}, {"release", "RELEASED"}, {"cancel", "CANCELLED"}}) {
            neighbours.stubFor(post(urlPathMatching(COMMERCE + "/orders/[^/]+/" + change[0])).willReturn(okJson(
                    order.formatted(change[1])).withTransformers("response-template")));
        }
        neighbours.stubFor(put(urlPathMatching(COMMERCE + "/orders/[^/]+/customer-master")).willReturn(okJson(
                order.formatted("ON_HOLD")).withTransformers("response-template")));
        neighbours.stubFor(post(SALES_EVENTS).willReturn(noContent()));
    }

    @Override
    Node node(Path logs) throws IOException {
        Map<String, String> settings = Node.sandboxOnPostgres(SERVER + database, USER, PASSWORD,
                mailServer.getSmtp().getPort(), "bench-links-secret");
        settings.put("orderflow.sandbox.reltio.callback-delay", "1d");
        settings.put("orderflow.commerce.base-url", neighbours.baseUrl() + COMMERCE);
        settings.put("orderflow.sales.webhook.url", neighbours.baseUrl() + SALES_EVENTS);
        settings.putAll(applicationSettings);
        List<String> launch = new ArrayList<>(jvmOptions);
        launch.addAll(List.of("-jar", Node.packagedJar().toString()));
        Node node = new Node(name, launch, "/actuator/health/readiness", logs, settings);
        neighbours.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(node.url(""))));
        return node;
    }

    @Override
    String requestQuote(String key) {
        Map<String, Object> body = Map.of("cartId", key, "customerId", BUYER, "b2bUnitId", "DE-UNIKLINIK",
                "country", "DE", "currency", "EUR", "items", List.of(Map.of("sku", "SKU-CTRL-300", "quantity", 1,
                        "unitPrice", 8000.00)), "requestedDiscountPercent", 0);
        return send("POST", "/api/v1/quotes", body, Map.of("X-Api-Key", API_KEY, "Idempotency-Key", key))
                .expect2xx("quote request").body().path("quoteCode").asText();
    }

    /**
     * Orders from a buyer whose customer is not validated yet: back office enters the KYC data of each, and the
     * validation waits for Reltio's result. Returns the request ids Reltio answered with.
     */
    @Override
    List<String> awaitingValidationResults(int count) throws Exception {
        ExecutorService checkout = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> orders = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                orders.add(checkout.submit(this::placeOrder));
            }
            for (Future<?> order : orders) {
                order.get();
            }
        } finally {
            checkout.shutdown();
        }
        Instant until = Instant.now().plus(Duration.ofMinutes(10));
        while (waitingForResult() < count) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("validations waiting for their result: " + waitingForResult() + " of " + count);
            }
            for (String task : openTasks("bob", "requestCustomerDetails")) {
                doTask("bob", task, Map.of("detailsChannel", "enter")).expect2xx("request customer details");
            }
            for (String task : openTasks("bob", "submitKycData")) {
                doTask("bob", task, KYC).expect2xx("submit KYC data");
            }
            Thread.sleep(500);
        }
        return jdbc.queryForList("select request_id from customer_validation where request_id is not null", String.class);
    }

    private void placeOrder() {
        String key = "bench-order-" + sequence.incrementAndGet();
        Map<String, Object> body = Map.of("cartId", key, "customerId", BUYER, "b2bUnitId", "DE-UNIKLINIK",
                "country", "DE", "currency", "EUR", "items", List.of(Map.of("sku", "SKU-CTRL-300", "quantity", 1,
                        "unitPrice", 120.00)));
        send("POST", "/api/v1/orders", body, Map.of("X-Api-Key", API_KEY, "Idempotency-Key", key)).expect2xx("order");
    }

    @Override
    Answer deliverValidationResult(String requestId) {
        String body = "{\"requestId\":\"" + requestId + "\",\"status\":\"MATCH\",\"entityUri\":\"entities/" + requestId + "\"}";
        return send("POST", "/api/v1/callbacks/reltio", body, Map.of(CallbackSignatures.HEADER,
                RELTIO.sign(body, Instant.now())));
    }

    @Override
    public void close() throws InterruptedException {
        super.close();
        mailServer.stop();
        neighbours.stop();
    }

    /** The outbox's and the sales queue's items due now. */
    private static final String DUE = "status = 'PENDING' and next_attempt_at <= current_timestamp";

    @Override
    long pendingWork() {
        return jdbc.queryForObject("select (select count(*) from notification_outbox where " + DUE + ")"
                + " + (select count(*) from sales_event where " + DUE + ")", Long.class);
    }
}
