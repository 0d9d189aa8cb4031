package io.orderflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The business figures operators watch, as Prometheus scrapes them from {@code /actuator/prometheus}: each one changes
 * with what happens in the processes and matches what the database holds.
 */
class BusinessHealthTest extends IntegrationTest {

    @Autowired
    BusinessHealth health;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void realClock() {
        ClockUtil.reset();
    }

    @Test
    void aQuoteInReviewCountsInItsStateAndCountryItsTaskAsOpenThenOverdueAndItsMailAsBacklog() {
        health.refresh();
        double submitted = figure("orderflow_quotes", "country", "FR", "state", "IN_REVIEW");
        double open = figure("orderflow_tasks_open", "process", "quote-to-order", "step", "reviewQuote");

        String code = requestFrenchQuote();
        new ProcessDriver(managementService, runtimeService).drain("quote-to-order", code);
        health.refresh();

        assertThat(figure("orderflow_quotes", "country", "FR", "state", "IN_REVIEW")).isEqualTo(submitted + 1)
                .isEqualTo(count("select count(*) from quote where country = 'FR' and state = 'IN_REVIEW'"));
        assertThat(figure("orderflow_tasks_open", "process", "quote-to-order", "step", "reviewQuote"))
                .isEqualTo(open + 1);
        // mails wait in the outbox while the tests send none: the backlog and its oldest item's age
        assertThat(figure("orderflow_backlog_items", "queue", "mail"))
                .isEqualTo(count("select count(*) from notification_outbox where status = 'PENDING'")).isPositive();

        // the review is due in two days (the country's review-due); three days later it is overdue
        Instant later = Instant.now().plus(Duration.ofDays(3));
        ClockUtil.setCurrentTime(Date.from(later));
        health.refresh();
        assertThat(figure("orderflow_tasks_overdue", "process", "quote-to-order", "step", "reviewQuote"))
                .isEqualTo(count("select count(*) from act_ru_task t join act_re_procdef d on d.id_ = t.proc_def_id_"
                        + " where d.key_ = 'quote-to-order' and t.task_def_key_ = 'reviewQuote' and t.due_date_ < ?",
                        java.sql.Timestamp.from(later))).isPositive();
        assertThat(figure("orderflow_backlog_oldest_age_seconds", "queue", "mail"))
                .isGreaterThanOrEqualTo(Duration.ofDays(3).toSeconds());
    }

    @Test
    void anIncidentCountsAtItsActivityUntilItIsResolvedAndAnOfferAboutToExpireByItsCountry() {
        String code = requestFrenchQuote();
        new ProcessDriver(managementService, runtimeService).drain("quote-to-order", code);
        ProcessInstance instance = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(code)
                .singleResult();
        health.refresh();
        double before = figure("orderflow_incidents", "activity", "reviewQuote", "process", "quote-to-order");

        String execution = runtimeService.createExecutionQuery().processInstanceId(instance.getId())
                .activityId("reviewQuote").singleResult().getId();
        Incident incident = runtimeService.createIncident("operations-test", execution, "probe");
        health.refresh();
        assertThat(figure("orderflow_incidents", "activity", "reviewQuote", "process", "quote-to-order"))
                .isEqualTo(before + 1);
        runtimeService.resolveIncident(incident.getId());
        health.refresh();
        assertThat(figure("orderflow_incidents", "activity", "reviewQuote", "process", "quote-to-order"))
                .isEqualTo(before);

        double expiring = figure("orderflow_offers_expiring", "country", "FR");
        jdbc.update("update quote set state = 'OFFERED', expires_at = ? where code = ?",
                Instant.now().plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC), code);
        health.refresh();
        assertThat(figure("orderflow_offers_expiring", "country", "FR")).isEqualTo(expiring + 1);
        inReviewAgain(code);
    }

    /** The quote back as its process has it, for the tests that count quotes by state. */
    private void inReviewAgain(String code) {
        jdbc.update("update quote set state = 'IN_REVIEW', expires_at = null where code = ?", code);
    }

    @Test
    void theDashboardAndTheAlertRulesOfDockerReadOnlyFiguresTheApplicationPublishes() throws Exception {
        // a gauge without rows is not published: an offer about to expire, an open task and an incident make them all
        String code = requestFrenchQuote();
        new ProcessDriver(managementService, runtimeService).drain("quote-to-order", code);
        String execution = runtimeService.createExecutionQuery().processInstanceBusinessKey(code)
                .activityId("reviewQuote").singleResult().getId();
        Incident incident = runtimeService.createIncident("operations-test", execution, "probe");
        jdbc.update("update quote set state = 'OFFERED', expires_at = ? where code = ?",
                Instant.now().plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC), code);
        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(3))));
        health.refresh();
        runtimeService.resolveIncident(incident.getId());
        String scrape = HttpCalls.get(url("/actuator/prometheus")).body();
        Set<String> published = new HashSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (orderflow_\\w+) gauge$").matcher(scrape);
        while (type.find()) {
            published.add(type.group(1));
        }
        assertThat(published).contains("orderflow_quotes", "orderflow_offers_expiring", "orderflow_tasks_open",
                "orderflow_tasks_overdue", "orderflow_incidents", "orderflow_backlog_items",
                "orderflow_backlog_oldest_age_seconds", "orderflow_backlog_failed");
        // requests are timed; the calls of the repositories, made by each of them, are not (nothing reads those)
        assertThat(scrape).contains("http_server_requests_seconds_count")
                .doesNotContain("spring_data_repository_invocations");
        for (Path file : List.of(Path.of("docker", "prometheus", "alerts.yml"),
                Path.of("docker", "grafana", "dashboards", "orderflow.json"))) {
            Matcher used = Pattern.compile("orderflow_\\w+").matcher(Files.readString(file));
            int uses = 0;
            while (used.find()) {
                assertThat(published).as(file + " reads " + used.group()).contains(used.group());
                uses++;
            }
            assertThat(uses).as(file.toString()).isPositive();
        }
        assertThat(Files.readString(Path.of("docker", "prometheus", "prometheus.yml")))
                .contains("metrics_path: /actuator/prometheus");
        inReviewAgain(code);
    }

    private String requestFrenchQuote() {
        String body = """
                {"cartId":"cart-%s","customerId":"luc.martin","b2bUnitId":"FR-CHU-LYON","country":"FR","locale":"fr-FR",
                 "currency":"EUR","items":[{"sku":"SKU-CONS-100","quantity":10,"unitPrice":120.00}],
                 "requestedDiscountPercent":5}""".formatted(UUID.randomUUID());
        HttpResponse<String> response = HttpCalls.postJson(url("/api/v1/quotes"), body, "X-Api-Key",
                "sandbox-checkout-key", "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher code = Pattern.compile("\"quoteCode\":\"([^\"]+)\"").matcher(response.body());
        assertThat(code.find()).isTrue();
        return code.group(1);
    }

    /** The value Prometheus scrapes for the gauge with these tags (in the order Prometheus writes them, by name); 0 if none. */
    private double figure(String name, String... tags) {
        HttpResponse<String> scrape = HttpCalls.get(url("/actuator/prometheus"));
        assertThat(scrape.statusCode()).isEqualTo(200);
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < tags.length; i += 2) {
            labels.append(i == 0 ? "" : ",").append(tags[i]).append("=\"").append(tags[i + 1]).append('"');
        }
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$")
                .matcher(scrape.body());
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    private double count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }
}
