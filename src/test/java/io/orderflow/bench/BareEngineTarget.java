package io.orderflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.cluster.Node;

/**
 * The bare Camunda engine ({@code io.orderflow.bench.bare.BareEngineApplication}) on the application's models with
 * no-op delegates: a quote is a {@code QuoteRequested} message with the variables the application would have set, and a
 * validation result is a {@code ValidationCompleted} message to the waiting instance.
 */
final class BareEngineTarget extends Target {

    private static final DateTimeFormatter ENGINE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private final List<String> jvmOptions;

    BareEngineTarget(List<String> jvmOptions) {
        super("bare_engine");
        this.jvmOptions = jvmOptions;
    }

    @Override
    Node node(Path logs) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", SERVER + database);
        settings.put("spring.datasource.username", USER);
        settings.put("spring.datasource.password", PASSWORD);
        List<String> launch = new ArrayList<>(jvmOptions);
        launch.addAll(List.of("-cp", System.getProperty("orderflow.bench.classpath", System.getProperty("java.class.path")),
                "io.orderflow.bench.bare.BareEngineApplication"));
        return new Node(name, launch, "/actuator/health", logs, settings);
    }

    @Override
    String requestQuote(String key) {
        Map<String, Object> variables = Map.of("quoteCode", typed(key, "String"), "country", typed("DE", "String"),
                "reviewDueAt", date(Instant.now().plus(Duration.ofDays(2))));
        send("POST", "/engine-rest/message", Map.of("messageName", "QuoteRequested", "businessKey", key,
                "processVariables", variables), Map.of()).expect2xx("quote request");
        return key;
    }

    @Override
    List<String> awaitingValidationResults(int count) throws Exception {
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> variables = Map.of("orderRequestId", typed("bench-order-" + i, "String"),
                    "commerceOrderCode", typed("bench-" + i, "String"), "kycRequired", typed(true, "Boolean"),
                    "approvalRequired", typed(true, "Boolean"), "taskDueAt", date(Instant.now().plus(Duration.ofDays(2))),
                    "detailsTimeoutAfter", typed("P7D", "String"), "detailsReminderAfter", typed("P3D", "String"),
                    "validationTimeout", typed("PT4H", "String"));
            instances.add(send("POST", "/engine-rest/process-definition/key/customer-validation/start",
                    Map.of("businessKey", "bench-validation-" + i, "variables", variables), Map.of())
                    .expect2xx("validation start").body().path("id").asText());
        }
        for (String task : openTasks("bob", "requestCustomerDetails")) {
            doTask("bob", task, Map.of("detailsChannel", "enter")).expect2xx("request customer details");
        }
        for (String task : openTasks("bob", "submitKycData")) {
            doTask("bob", task, ApplicationTarget.KYC).expect2xx("submit KYC data");
        }
        Instant until = Instant.now().plus(Duration.ofMinutes(5));
        while (waitingForResult() < count) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("bare engine: validations not waiting for their result");
            }
            Thread.sleep(250);
        }
        return instances;
    }

    @Override
    Answer deliverValidationResult(String processInstanceId) {
        return send("POST", "/engine-rest/message", Map.of("messageName", "ValidationCompleted", "processInstanceId",
                processInstanceId, "processVariables", Map.of("validationStatus", typed("MATCH", "String"))), Map.of());
    }

    private static Map<String, Object> date(Instant instant) {
        return typed(ENGINE_DATE.format(instant), "Date");
    }

    private static Map<String, Object> typed(Object value, String type) {
        return Map.of("value", value, "type", type);
    }
}
