package io.orderflow.sandbox;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The commerce platform of the sandbox: the outbound contract of the application, on the sandbox data set. */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/commerce")
class CommerceSimulator {

    /** A unit's registered address, its region spelled as people of its country write it, not as an ISO code. */
    record B2bUnit(String id, String name, String country, boolean active, Address address) {
    }

    record Address(String line1, String city, String postalCode, String region, String country) {
    }

    record Customer(String id, String email, String name, String locale, List<String> b2bUnitIds,
            String validationStatus, String masterId) {
    }

    record Product(String sku, String productClass, BigDecimal unitPrice) {
    }

    record Order(String orderCode, String status, String customerId, String b2bUnitId, String masterId,
            List<Map<String, Object>> lines) {

        Order withStatus(String newStatus) {
            return new Order(orderCode, newStatus, customerId, b2bUnitId, masterId, lines);
        }

        Order withMasterId(String newMasterId) {
            return new Order(orderCode, status, customerId, b2bUnitId, newMasterId, lines);
        }

        Order withCode(String code) {
            return new Order(code, status, customerId, b2bUnitId, masterId, lines);
        }
    }

    static final Map<String, B2bUnit> UNITS = Map.of(
            "DE-UNIKLINIK", new B2bUnit("DE-UNIKLINIK", "Universitätsklinikum Nord", "DE", true,
                    new Address("Martinistraße 52", "Hamburg", "20246", "Hamburg", "DE")),
            "DE-MVZ-NORD", new B2bUnit("DE-MVZ-NORD", "MVZ Nord", "DE", true,
                    new Address("Ismaninger Straße 22", "München", "81675", "Bayern", "DE")),
            "US-MERCY", new B2bUnit("US-MERCY", "Mercy General Hospital", "US", true,
                    new Address("1000 North Village Avenue", "Rockville Centre", "11570", "N.Y.", "US")),
            "FR-CHU-LYON", new B2bUnit("FR-CHU-LYON", "CHU de Lyon", "FR", true,
                    new Address("3 Quai des Célestins", "Lyon", "69002", "Rhône", "FR")),
            // a region no ISO code or name matches, as old commerce data has them: back office must correct it
            "US-LAKEVIEW", new B2bUnit("US-LAKEVIEW", "Lakeview Clinic", "US", true,
                    new Address("200 Lakeview Drive", "Lakeview", "60601", "Lakeview County", "US")));

    static final Map<String, Customer> CUSTOMERS = Map.of(
            "anna.schmidt", new Customer("anna.schmidt", "anna.schmidt@uniklinik-nord.example", "Dr. Anna Schmidt", "de",
                    List.of("DE-UNIKLINIK", "DE-MVZ-NORD"), "UNVALIDATED", null),
            "jens.weber", new Customer("jens.weber", "jens.weber@uniklinik-nord.example", "Jens Weber", "de",
                    List.of("DE-UNIKLINIK"), "VALIDATED", "MDM-DE-1001"),
            "emily.clark", new Customer("emily.clark", "emily.clark@mercy.example", "Emily Clark", "en",
                    List.of("US-MERCY"), "VALIDATED", "MDM-US-2001"),
            "noah.miller", new Customer("noah.miller", "noah.miller@mercy.example", "Noah Miller", "en",
                    List.of("US-MERCY", "US-LAKEVIEW"), "UNVALIDATED", null),
            "luc.martin", new Customer("luc.martin", "luc.martin@chu-lyon.example", "Luc Martin", "fr",
                    List.of("FR-CHU-LYON"), "UNVALIDATED", null));

    static final Map<String, Product> PRODUCTS = Map.of(
            "SKU-CONS-100", new Product("SKU-CONS-100", "CONSUMABLE", new BigDecimal("120.00")),
            "SKU-CAP-200", new Product("SKU-CAP-200", "CAPITAL_EQUIPMENT", new BigDecimal("45000.00")),
            "SKU-CTRL-300", new Product("SKU-CTRL-300", "CONTROLLED_DEVICE", new BigDecimal("8000.00")));

    private final CommerceOrderStore orders;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, String> failureModes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private static final String ANY_KEY = "*";

    CommerceSimulator(CommerceOrderStore orders) {
        this.orders = orders;
    }

    /** Longer than the application's read timeout towards commerce. */
    static final long SLOW_ANSWER_MILLIS = 15_000;

    @GetMapping("/b2bunits/{id}")
    ResponseEntity<B2bUnit> unit(@PathVariable String id) {
        return ResponseEntity.of(java.util.Optional.ofNullable(UNITS.get(id)));
    }

    @GetMapping("/customers/{id}")
    ResponseEntity<?> customer(@PathVariable String id) throws InterruptedException {
        ResponseEntity<?> failure = plannedFailure("customer", null);
        if (failure != null) {
            return failure;
        }
        return ResponseEntity.of(java.util.Optional.ofNullable(CUSTOMERS.get(id)));
    }

    /**
     * How the next calls of one kind carrying an idempotency key (or, without one, any key) fail: {@code error}
     * answers 500, {@code refuse} answers 409 (commerce refuses: a business answer), {@code slow} answers after the
     * application's read timeout. {@code action} is the call: {@code create} (the default), {@code hold},
     * {@code release}, {@code cancel}, {@code customer-master} or {@code customer} (reading a customer,
     * which carries no key: plan it without one).
     */
    record FailurePlan(String idempotencyKey, int times, String mode, String action) {

        FailurePlan(String idempotencyKey, int times, String mode) {
            this(idempotencyKey, times, mode, null);
        }
    }

    private static final String CREATE = "create";

    @PostMapping("/failures")
    ResponseEntity<FailurePlan> planFailure(@RequestBody FailurePlan plan) {
        String key = planKey(plan.action() == null ? CREATE : plan.action(),
                plan.idempotencyKey() == null ? ANY_KEY : plan.idempotencyKey());
        failures.put(key, new AtomicInteger(plan.times()));
        failureModes.put(key, plan.mode() == null ? "error" : plan.mode());
        return ResponseEntity.status(HttpStatus.CREATED).body(plan);
    }

    private static String planKey(String action, String idempotencyKey) {
        return action + "|" + idempotencyKey;
    }

    /** The planned failure of this call, if one is due; a slow answer waits and then lets the call go on. */
    private ResponseEntity<?> plannedFailure(String action, String idempotencyKey) throws InterruptedException {
        String own = planKey(action, String.valueOf(idempotencyKey));
        String planKey = failures.containsKey(own) ? own : planKey(action, ANY_KEY);
        AtomicInteger remainingFailures = failures.get(planKey);
        if (remainingFailures == null || remainingFailures.getAndDecrement() <= 0) {
            return null;
        }
        return switch (failureModes.get(planKey)) {
            case "slow" -> {
                Thread.sleep(SLOW_ANSWER_MILLIS);
                yield null;
            }
            case "refuse" -> ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("error", "simulated refusal of " + action));
            default -> ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("error", "simulated failure"));
        };
    }

    @GetMapping("/calls/{idempotencyKey}")
    Map<String, Integer> calls(@PathVariable String idempotencyKey) {
        return Map.of("createOrderCalls", calls.getOrDefault(idempotencyKey, new AtomicInteger()).get());
    }

    @PostMapping("/orders")
    ResponseEntity<?> createOrder(@RequestHeader("Idempotency-Key") String idempotencyKey,
            @RequestBody Map<String, Object> request) throws InterruptedException {
        calls.computeIfAbsent(idempotencyKey, key -> new AtomicInteger()).incrementAndGet();
        ResponseEntity<?> failure = plannedFailure(CREATE, idempotencyKey);
        if (failure != null) {
            return failure;
        }
        Customer buyer = CUSTOMERS.get(String.valueOf(request.get("customerId")));
        if (buyer == null || !buyer.b2bUnitIds().contains(String.valueOf(request.get("b2bUnitId")))) {
            return ResponseEntity.unprocessableEntity().body(Map.of("error",
                    "customer " + request.get("customerId") + " cannot order for unit " + request.get("b2bUnitId")));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) request.getOrDefault("lines", List.of());
        Order order = orders.createOnce(idempotencyKey, () -> new Order(null, "CREATED", buyer.id(),
                String.valueOf(request.get("b2bUnitId")), buyer.masterId(), lines));
        return ResponseEntity.status(HttpStatus.CREATED).body(order);
    }

    @GetMapping("/orders/{code}")
    ResponseEntity<Order> order(@PathVariable String code) {
        return ResponseEntity.of(orders.find(code));
    }

    @PostMapping("/orders/{code}/{action:hold|release|cancel}")
    ResponseEntity<?> changeStatus(@PathVariable String code, @PathVariable String action,
            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) throws InterruptedException {
        ResponseEntity<?> failure = plannedFailure(action, idempotencyKey);
        if (failure != null) {
            return failure;
        }
        String status = switch (action) {
            case "hold" -> "ON_HOLD";
            case "release" -> "RELEASED";
            default -> "CANCELLED";
        };
        return ResponseEntity.of(orders.change(code, order -> order.withStatus(status)));
    }

    @PutMapping("/orders/{code}/customer-master")
    ResponseEntity<?> customerMaster(@PathVariable String code, @RequestBody Map<String, String> body,
            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) throws InterruptedException {
        ResponseEntity<?> failure = plannedFailure("customer-master", idempotencyKey);
        if (failure != null) {
            return failure;
        }
        return ResponseEntity.of(orders.change(code, order -> order.withMasterId(body.get("masterId"))));
    }
}
