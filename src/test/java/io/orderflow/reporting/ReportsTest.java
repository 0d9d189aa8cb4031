package io.orderflow.reporting;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static io.orderflow.HttpCalls.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import io.orderflow.quote.QuoteProcess;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The reports over real HTTP, on the data set of {@link ReportFixture} (2019, which no other test touches), so every
 * figure is known; overdue tasks come from a real quote-to-order instance and the engine clock.
 */
class ReportsTest extends IntegrationTest {

    private static final String YEAR = "from=2019-01-01&to=2019-12-31";
    private static final String FIRST_HALF = "from=2019-01-01&to=2019-06-30";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;

    @BeforeEach
    void knownData() {
        new ReportFixture(jdbc).insertOnce();
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    // --- figures ------------------------------------------------------------------------------------------------

    @Test
    void everyTableOfTheYearAcrossCountriesHoldsTheKnownFigures() {
        assertCsv("quotes-by-state", YEAR,
                "state,quotes",
                "SUBMITTED,1", "IN_REVIEW,1", "PENDING_APPROVAL,1", "OFFERED,1", "RENEGOTIATION_REQUESTED,1", "ACCEPTED,1",
                "ORDERED,3", "DECLINED,1", "REJECTED,1", "EXPIRED,3", "CANCELLED,1", "CONVERSION_FAILED,1");
        assertCsv("quotes-by-country", YEAR,
                "country,quotes", "DE,6", "FR,4", "US,6");
        assertCsv("conversion", YEAR,
                "country,offered,ordered,conversion %", "DE,5,3,60.0", "FR,2,0,0.0", "US,5,1,20.0", "all,12,4,33.3");
        assertCsv("time-to-offer", YEAR,
                "country,offered,median hours", "DE,5,24.0", "FR,2,38.3", "US,5,12.0", "all,12,22.0");
        assertCsv("discounts", YEAR,
                "offered discount,quotes", "0-5 %,3", "5-10 %,2", "10-20 %,3", "20-30 %,2", "over 30 %,2");
        assertCsv("expired-vs-accepted", YEAR,
                "country,accepted,expired", "DE,3,2", "FR,0,1", "US,1,0", "all,4,3");
        assertCsv("orders", YEAR,
                "quote,currency,orders,value", "with quote,EUR,3,82410.00", "with quote,USD,2,20400.00",
                "without quote,EUR,2,53600.00", "without quote,USD,2,16360.00");
        assertCsv("quote-carts", YEAR,
                "outcome,carts", "converted,3", "open,5", "expired,2", "declined,1", "other,3");
    }

    @Test
    void oneCountryShowsOnlyItsQuotesOrdersAndCurrency() {
        String germany = YEAR + "&country=DE";
        assertCsv("quotes-by-state", germany,
                "state,quotes",
                "SUBMITTED,0", "IN_REVIEW,1", "PENDING_APPROVAL,0", "OFFERED,0", "RENEGOTIATION_REQUESTED,0", "ACCEPTED,0",
                "ORDERED,3", "DECLINED,0", "REJECTED,0", "EXPIRED,2", "CANCELLED,0", "CONVERSION_FAILED,0");
        assertCsv("quotes-by-country", germany, "country,quotes", "DE,6");
        assertCsv("conversion", germany, "country,offered,ordered,conversion %", "DE,5,3,60.0", "all,5,3,60.0");
        assertCsv("time-to-offer", germany, "country,offered,median hours", "DE,5,24.0", "all,5,24.0");
        assertCsv("discounts", germany,
                "offered discount,quotes", "0-5 %,1", "5-10 %,1", "10-20 %,3", "20-30 %,0", "over 30 %,0");
        assertCsv("expired-vs-accepted", germany, "country,accepted,expired", "DE,3,2", "all,3,2");
        assertCsv("orders", germany,
                "quote,currency,orders,value", "with quote,EUR,3,82410.00", "without quote,EUR,1,8600.00");
        assertCsv("quote-carts", germany,
                "outcome,carts", "converted,3", "open,1", "expired,1", "declined,0", "other,0");
    }

    @Test
    void aShorterPeriodCountsOnlyWhatWasCreatedInItIncludingItsLastDay() {
        assertCsv("quotes-by-state", FIRST_HALF,
                "state,quotes",
                "SUBMITTED,1", "IN_REVIEW,1", "PENDING_APPROVAL,0", "OFFERED,1", "RENEGOTIATION_REQUESTED,0", "ACCEPTED,1",
                "ORDERED,2", "DECLINED,1", "REJECTED,1", "EXPIRED,2", "CANCELLED,1", "CONVERSION_FAILED,0");
        assertCsv("quotes-by-country", FIRST_HALF, "country,quotes", "DE,5", "FR,2", "US,4");
        assertCsv("conversion", FIRST_HALF,
                "country,offered,ordered,conversion %", "DE,4,2,50.0", "FR,1,0,0.0", "US,3,1,33.3", "all,8,3,37.5");
        assertCsv("time-to-offer", FIRST_HALF,
                "country,offered,median hours", "DE,4,22.0", "FR,1,72.0", "US,3,12.0", "all,8,22.0");
        assertCsv("discounts", FIRST_HALF,
                "offered discount,quotes", "0-5 %,3", "5-10 %,1", "10-20 %,2", "20-30 %,1", "over 30 %,1");
        assertCsv("expired-vs-accepted", FIRST_HALF,
                "country,accepted,expired", "DE,2,2", "FR,0,0", "US,1,0", "all,3,2");
        assertCsv("orders", FIRST_HALF,
                "quote,currency,orders,value", "with quote,EUR,2,44160.00", "with quote,USD,1,15200.00",
                "without quote,EUR,2,53600.00", "without quote,USD,1,360.00");
        assertCsv("quote-carts", FIRST_HALF,
                "outcome,carts", "converted,2", "open,3", "expired,1", "declined,1", "other,2");
    }

    @Test
    void csvIsAnAttachmentInUtf8NamedAfterTableAndFilters() {
        HttpResponse<String> csv = get(url("/reports/orders.csv?" + YEAR + "&country=de"), auth("audrey"));

        assertThat(csv.statusCode()).isEqualTo(200);
        MediaType type = MediaType.parseMediaType(csv.headers().firstValue("Content-Type").orElseThrow());
        assertThat(type.isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
        assertThat(type.getCharset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"orders_2019-01-01_2019-12-31_DE.csv\"");
        assertThat(csv.body()).isEqualTo("quote,currency,orders,value\r\nwith quote,EUR,3,82410.00\r\n"
                + "without quote,EUR,1,8600.00\r\n");
    }

    @Test
    void pageDrawsEveryTableAsSvgBarsWithTheirValuesAndLinksItsCsv() {
        HttpResponse<String> page = get(url("/reports?" + YEAR), auth("mike"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script");
        assertBars(page.body(), "quotes-by-state", "SUBMITTED=1", "IN_REVIEW=1", "PENDING_APPROVAL=1", "OFFERED=1",
                "RENEGOTIATION_REQUESTED=1", "ACCEPTED=1", "ORDERED=3", "DECLINED=1", "REJECTED=1", "EXPIRED=3",
                "CANCELLED=1", "CONVERSION_FAILED=1");
        assertBars(page.body(), "quotes-by-country", "DE=6", "FR=4", "US=6");
        assertBars(page.body(), "conversion", "DE=60.0 % (3 of 5)", "FR=0.0 % (0 of 2)", "US=20.0 % (1 of 5)",
                "all=33.3 % (4 of 12)");
        assertBars(page.body(), "time-to-offer", "DE=24.0 h", "FR=38.3 h", "US=12.0 h", "all=22.0 h");
        assertBars(page.body(), "discounts", "0-5 %=3", "5-10 %=2", "10-20 %=3", "20-30 %=2", "over 30 %=2");
        assertBars(page.body(), "expired-vs-accepted", "DE accepted=3", "DE expired=2", "FR accepted=0", "FR expired=1",
                "US accepted=1", "US expired=0", "all accepted=4", "all expired=3");
        assertBars(page.body(), "orders", "with quote · EUR=3 orders · 82410.00 EUR",
                "with quote · USD=2 orders · 20400.00 USD", "without quote · EUR=2 orders · 53600.00 EUR",
                "without quote · USD=2 orders · 16360.00 USD");
        assertBars(page.body(), "quote-carts", "converted=3", "open=5", "expired=2", "declined=1", "other=3");
        assertThat(section(page.body(), "overdue-tasks")).contains("<svg");

        String conversion = section(page.body(), "conversion");
        assertThat(cells(conversion)).containsExactly("DE", "5", "3", "60.0", "FR", "2", "0", "0.0", "US", "5", "1", "20.0",
                "all", "12", "4", "33.3");
        assertThat(conversion).contains("href=\"/reports/conversion.csv?from=2019-01-01&amp;to=2019-12-31&amp;country=all\"");
    }

    @Test
    void barsAreAsLongAsTheirValueRelativeToTheLongest() {
        String chart = section(get(url("/reports?" + YEAR), auth("mike")).body(), "quotes-by-country");

        // DE 6 and US 6 fill the bar area, FR 4 two thirds of it
        assertThat(widths(chart)).containsExactly(BarChart.BAR_AREA, BarChart.BAR_AREA * 4 / 6, BarChart.BAR_AREA);
    }

    @Test
    void withoutFiltersThePageCoversTheLastNinetyDaysInAllCountries() {
        HttpResponse<String> page = get(url("/reports"), auth("mike"));

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"from\" value=\"" + today.minusDays(90) + "\"")
                .contains("name=\"to\" value=\"" + today + "\"")
                .contains("<option value=\"all\" selected=\"selected\">all</option>");
        assertThat(section(page.body(), "quotes-by-state")).contains("ORDERED").contains("<svg");
    }

    // --- overdue work -------------------------------------------------------------------------------------------

    @Test
    void reviewPastItsDueDateCountsAsOverdueUnderReviewQuote() throws Exception {
        Instant later = Instant.now().plus(Duration.ofDays(3));
        long overdueNowBefore = overdueReviews();
        ClockUtil.setCurrentTime(Date.from(later));
        long overdueLaterBefore = overdueReviews();
        ClockUtil.reset();

        String code = requestQuote();
        new ProcessDriver(managementService, runtimeService).drain(QuoteProcess.KEY, code);

        assertThat(overdueReviews()).as("due in two days, not overdue yet").isEqualTo(overdueNowBefore);
        ClockUtil.setCurrentTime(Date.from(later));
        assertThat(overdueReviews()).as("three days later").isEqualTo(overdueLaterBefore + 1);
        assertThat(csv("overdue-tasks", YEAR).body()).contains("reviewQuote,Review quote request,");
        assertThat(section(get(url("/reports?" + YEAR), auth("audrey")).body(), "overdue-tasks"))
                .contains(">Review quote request</text>");
    }

    // --- who may read -------------------------------------------------------------------------------------------

    @Test
    void salesManagersAndAuditorsReadReportsSalesRepsDoNot() {
        assertThat(get(url("/reports"), auth("mike")).statusCode()).isEqualTo(200);
        assertThat(get(url("/reports"), auth("audrey")).statusCode()).isEqualTo(200);
        assertThat(get(url("/reports/orders.csv"), auth("audrey")).statusCode()).isEqualTo(200);
        assertThat(get(url("/reports"), auth("sara")).statusCode()).isEqualTo(403);
        assertThat(get(url("/reports/orders.csv"), auth("sara")).statusCode()).isEqualTo(403);
    }

    @Test
    void anonymousBrowsersAreSentToTheLoginAndScriptsAnswered401() {
        HttpResponse<String> browser = get(url("/reports"), "Accept", "text/html");

        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(get(url("/reports/orders.csv")).statusCode()).isEqualTo(401);
    }

    @Test
    void homePageLinksTheReports() {
        assertThat(get(url("/"), auth("mike")).body()).contains("href=\"/reports\"");
    }

    // --- bad filters --------------------------------------------------------------------------------------------

    @Test
    void badFilterValuesAreRefusedNamingTheParameter() {
        HttpResponse<String> page = get(url("/reports?from=yesterday"), auth("mike"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Parameter &#39;from&#39; must be an ISO date").doesNotContain("<svg");

        assertProblem("/reports/orders.csv?from=2019-02-30", "from");
        assertProblem("/reports/orders.csv?to=31.12.2019", "to");
        assertProblem("/reports/orders.csv?country=XX", "country");
        assertProblem("/reports/orders.csv?from=2019-12-31&to=2019-01-01", "from");
        assertProblem("/reports/orders.csv?from=0001-01-01", "from");
        assertThat(get(url("/reports?country=%24%7B7*7%7D"), auth("mike")).statusCode()).isEqualTo(400);
    }

    @Test
    void unknownTableIsNotFound() {
        HttpResponse<String> response = get(url("/reports/salaries.csv"), auth("mike"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("salaries");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String[] auth(String user) {
        return new String[] {"Authorization", basic(user, PASSWORD)};
    }

    private HttpResponse<String> csv(String table, String query) {
        return get(url("/reports/" + table + ".csv?" + query), auth("mike"));
    }

    private void assertCsv(String table, String query, String... lines) {
        HttpResponse<String> response = csv(table, query);
        assertThat(response.statusCode()).as(table + " " + response.body()).isEqualTo(200);
        assertThat(response.body()).as(table + "?" + query).isEqualTo(String.join("\r\n", lines) + "\r\n");
    }

    private void assertProblem(String path, String parameter) {
        HttpResponse<String> response = get(url(path), auth("mike"));
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).as(path).contains("\"field\":\"" + parameter + "\"");
    }

    private long overdueReviews() {
        return Arrays.stream(csv("overdue-tasks", YEAR).body().split("\r\n"))
                .filter(line -> line.startsWith(QuoteProcess.Elements.REVIEW_QUOTE + ","))
                .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(',') + 1)))
                .sum();
    }

    private String requestQuote() throws Exception {
        String body = """
                {"cartId":"report-cart-%s","customerId":"emily.clark","b2bUnitId":"US-MERCY","country":"US",
                 "currency":"USD","items":[{"sku":"SKU-CONS-100","quantity":10,"unitPrice":120.00}],
                 "requestedDiscountPercent":5}""".formatted(UUID.randomUUID());
        HttpResponse<String> created = postJson(url("/api/v1/quotes"), body, "X-Api-Key", "sandbox-checkout-key",
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new ObjectMapper().readTree(created.body()).path("quoteCode").asText();
    }

    /** The markup of one report's section. */
    private static String section(String page, String id) {
        int start = page.indexOf("<section id=\"" + id + "\"");
        assertThat(start).as("section " + id).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    /** Checks the section's chart: one bar per expected {@code label=value}, in this order. */
    private static void assertBars(String page, String id, String... expected) {
        String chart = section(page, id);
        assertThat(chart).contains("<svg");
        List<String> labels = texts(chart, "bar-label");
        List<String> values = texts(chart, "bar-value");
        List<String> bars = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            bars.add(labels.get(i) + "=" + values.get(i));
        }
        assertThat(bars).as(id).containsExactly(expected);
    }

    private static List<String> texts(String markup, String textClass) {
        Matcher matcher = Pattern.compile("<text class=\"" + textClass + "\"[^>]*>([^<]*)</text>").matcher(markup);
        List<String> texts = new ArrayList<>();
        while (matcher.find()) {
            texts.add(matcher.group(1));
        }
        return texts;
    }

    private static List<Integer> widths(String markup) {
        Matcher matcher = Pattern.compile("<rect [^>]*width=\"(\\d+)\"").matcher(markup);
        List<Integer> widths = new ArrayList<>();
        while (matcher.find()) {
            widths.add(Integer.parseInt(matcher.group(1)));
        }
        return widths;
    }

    private static List<String> cells(String markup) {
        Matcher matcher = Pattern.compile("<td>([^<]*)</td>").matcher(markup);
        List<String> cells = new ArrayList<>();
        while (matcher.find()) {
            cells.add(matcher.group(1));
        }
        return cells;
    }
}
