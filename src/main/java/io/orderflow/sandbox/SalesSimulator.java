package io.orderflow.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.sales.WebhookSignatures;
import io.orderflow.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The sandbox's sales system: a webhook receiver as an integrator would build one. It checks each event's Standard
 * Webhooks signature (401 if it is not the shared secret's or is older than five minutes), keeps each {@code
 * webhook-id} once (a repeat is answered 200 and counted, not stored again) and shows what it received under {@code
 * /sandbox/sales}, newest first (one quote or order with {@code ?subject=}).
 */
@Controller
@Profile("sandbox")
class SalesSimulator {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final WebhookSignatures signatures;
    private final Clock realTime = Clock.systemUTC();
    private final SandboxTables tables;

    SalesSimulator(JdbcTemplate jdbc, ObjectMapper json, @Value("${orderflow.sales.webhook.secret}") String secret) {
        this.jdbc = jdbc;
        this.json = json;
        this.signatures = new WebhookSignatures(secret);
        this.tables = new SandboxTables(() -> jdbc.execute("""
                create table if not exists sandbox_sales_event (
                    webhook_id varchar(64) primary key,
                    type varchar(100) not null,
                    subject varchar(100) not null,
                    event_time timestamp with time zone not null,
                    received_at timestamp with time zone not null,
                    deliveries integer not null,
                    body varchar(100000) not null)"""));
    }

    /** A received event: {@code deliveries} counts how often it came (a repeat is the sender's retry). */
    record Received(String id, String type, String subject, Instant time, Instant receivedAt, int deliveries,
            JsonNode data) {
    }

    @PostMapping(value = "/sandbox/sales/events")
    ResponseEntity<?> receive(@RequestHeader(name = WebhookSignatures.ID, required = false) String id,
            @RequestHeader(name = WebhookSignatures.TIMESTAMP, required = false) String timestamp,
            @RequestHeader(name = WebhookSignatures.SIGNATURE, required = false) String signature,
            @RequestBody String body) {
        if (!signatures.verify(id, timestamp, signature, body, realTime.instant(), TOLERANCE)) {
            return problem(HttpStatus.UNAUTHORIZED, "sales-signature-invalid",
                    "The webhook signature is missing, wrong or older than " + TOLERANCE.toMinutes() + " minutes");
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (JsonProcessingException e) {
            return problem(HttpStatus.BAD_REQUEST, "sales-event-not-json", "The body is not JSON");
        }
        if (!"1.0".equals(event.path("specversion").asText()) || !id.equals(event.path("id").asText())
                || event.path("type").asText().isEmpty() || event.path("subject").asText().isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, "sales-event-invalid",
                    "Not a CloudEvents 1.0 event with id (the webhook-id), type and subject");
        }
        tables.ensure();
        Instant now = realTime.instant();
        try {
            jdbc.update("insert into sandbox_sales_event (webhook_id, type, subject, event_time, received_at, deliveries,"
                    + " body) values (?, ?, ?, ?, ?, 1, ?)", id, event.path("type").asText(),
                    event.path("subject").asText(), Instant.parse(event.path("time").asText()).atOffset(ZoneOffset.UTC),
                    now.atOffset(ZoneOffset.UTC), body);
        } catch (DuplicateKeyException e) {
            jdbc.update("update sandbox_sales_event set deliveries = deliveries + 1 where webhook_id = ?", id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/sandbox/sales")
    String page(@RequestParam(required = false) String subject, Model model) {
        model.addAttribute("events", received(subject));
        model.addAttribute("subject", subject);
        return "sandbox/sales";
    }

    @GetMapping(value = "/sandbox/sales.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Received> json(@RequestParam(required = false) String subject) {
        return received(subject);
    }

    private List<Received> received(String subject) {
        tables.ensure();
        return jdbc.query("select webhook_id, type, subject, event_time, received_at, deliveries, body"
                + " from sandbox_sales_event" + (subject == null ? "" : " where subject = ?")
                + " order by received_at desc, event_time desc", (row, number) -> new Received(row.getString("webhook_id"),
                        row.getString("type"), row.getString("subject"),
                        row.getObject("event_time", java.time.OffsetDateTime.class).toInstant(),
                        row.getObject("received_at", java.time.OffsetDateTime.class).toInstant(), row.getInt("deliveries"),
                        data(row.getString("body"))), subject == null ? new Object[0] : new Object[] {subject});
    }

    private JsonNode data(String body) {
        try {
            return json.readTree(body).path("data");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseEntity<?> problem(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, type, status.getReasonPhrase(), detail, null));
    }
}
