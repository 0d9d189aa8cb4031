package io.orderflow.quote;

import static io.orderflow.quote.QuoteSteps.germanRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.notification.OutboxSender;
import io.orderflow.quote.QuoteSteps.Event;
import io.orderflow.quote.QuoteSteps.EventStream;
import io.orderflow.sandbox.SandboxMailServer;
import io.orderflow.security.SignedLinks;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The buyer's quote page behind the link in the offer mail, over real HTTP as a browser uses it. */
class QuotePageTest extends IntegrationTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than the stream's poll interval (1 s): an event that would come comes within it. */
    private static final Duration QUIET = Duration.ofMillis(2500);
    private static final String NBSP = "\u00a0";

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    OutboxSender outboxSender;
    @Autowired
    SandboxMailServer mailbox;
    @Autowired
    SignedLinks links;
    @Autowired
    Clock clock;

    QuoteSteps steps;

    @BeforeEach
    void setUp() {
        steps = new QuoteSteps(port, runtimeService, managementService);
    }

    @AfterEach
    void resetEngineClock() {
        ClockUtil.reset();
    }

    @Test
    void germanPagePricesInEurosWithGermanPercentAndProductNames() {
        String page = HttpCalls.get(offerLink(steps.offeredQuote())).body();

        assertThat(page).contains("45.000,00" + NBSP + "€", "36.900,00" + NBSP + "€", "18" + NBSP + "%",
                "Patientenmonitor PM-200");
        assertThat(page).doesNotContain("45000.00", "18.00", ">SKU-CAP-200<");
    }

    @Test
    void americanPagePricesInDollarsWithEnglishPercentAndProductNames() {
        ObjectNode request = germanRequest().put("customerId", "emily.clark").put("b2bUnitId", "US-MERCY")
                .put("country", "US").put("locale", "en-US").put("currency", "USD");
        String page = HttpCalls.get(offerLink(steps.offeredQuote(request))).body();

        assertThat(page).contains("$45,000.00", "$36,900.00", "18%", "Patient monitor PM-200", "Offered");
        assertThat(page).doesNotContain("45000.00", "18.00", ">SKU-CAP-200<");
    }

    @Test
    void pageScriptNamesEveryStateInTheBuyersLanguage() {
        String page = HttpCalls.get(offerLink(steps.offeredQuote())).body();

        assertThat(page).doesNotContain("#messages", "${");
        assertThat(page).contains("\"SUBMITTED\":\"Eingereicht\"", "\"ACCEPTED\":\"Angenommen\"", "\"ORDERED\":\"Bestellt\"");
    }

    @Test
    void pageEventsStartWithTheCurrentStateNotItsHistoryAndResumeAfterLastEventId() throws Exception {
        String code = steps.offeredQuote();
        String link = offerLink(code);
        long offeredId;
        long acceptedId;
        try (EventStream events = steps.pageEvents(link, null)) {
            Event first = events.next(EVENT_TIMEOUT);
            assertThat(first).isNotNull();
            assertThat(first.state()).isEqualTo("OFFERED");
            assertThat(events.next(QUIET)).as("nothing of the quote's history follows").isNull();
            offeredId = first.id();

            HttpResponse<String> accepted = steps.buyerAction(code, "accept",
                    Map.of("userId", "anna.schmidt", "activeB2bUnitId", "DE-UNIKLINIK"));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

            Event live = events.next(EVENT_TIMEOUT);
            assertThat(live).as("the acceptance, pushed while the page is open").isNotNull();
            assertThat(live.state()).isEqualTo("ACCEPTED");
            acceptedId = live.id();
        }
        try (EventStream reconnected = steps.pageEvents(link, offeredId)) {
            Event missed = reconnected.next(EVENT_TIMEOUT);
            assertThat(missed).isNotNull();
            assertThat(missed.id()).isEqualTo(acceptedId);
            assertThat(reconnected.next(QUIET)).isNull();
        }
        try (EventStream upToDate = steps.pageEvents(link, acceptedId)) {
            assertThat(upToDate.next(QUIET)).as("a reconnect that missed nothing gets nothing").isNull();
        }
    }

    @Test
    void doubleClickOnAcceptLandsBothTimesOnThePageShowingTheAcceptanceInGerman() {
        String code = steps.offeredQuote();
        String link = offerLink(code);
        HttpClient browser = QuoteSteps.browser();
        String page = QuoteSteps.open(browser, link).body();

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> QuoteSteps.send(browser, QuoteSteps.pageAction(page, link, "accept", null)));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(
                () -> QuoteSteps.send(browser, QuoteSteps.pageAction(page, link, "accept", null)));
        List<HttpResponse<String>> answers = List.of(first.join(), second.join());

        String path = URI.create(link).getPath();
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(303, 303);
        List<String> locations = answers.stream()
                .map(answer -> answer.headers().firstValue("Location").orElseThrow().replace(url(""), "")).toList();
        assertThat(locations).containsExactlyInAnyOrder(path, path + "?repeated=accept");
        assertThat(steps.state(code)).isEqualTo("ACCEPTED");

        HttpResponse<String> landed = QuoteSteps.open(browser, url(path + "?repeated=accept"));
        assertThat(landed.statusCode()).isEqualTo(200);
        assertThat(landed.body()).contains("Sie haben dieses Angebot bereits angenommen.", "Angenommen",
                "Ihre Bestellung wird angelegt.");
        assertThat(landed.body()).doesNotContain("annehmen bis", "Angebot annehmen</button>");

        // the order goes through; the page then says so and no longer offers acceptance
        steps.executeDueJobs(steps.processInstanceId(code));
        assertThat(steps.state(code)).isEqualTo("ORDERED");
        String ordered = QuoteSteps.open(browser, link).body();
        assertThat(ordered).contains("Bestellt", "Ihre Bestellung ist aufgegeben.");
        assertThat(ordered).doesNotContain("Sie können dieses Angebot bis zum");
    }

    @Test
    void anotherDecisionAfterAcceptanceIsRefusedOnThePageInGerman() {
        String code = steps.offeredQuote();
        String link = offerLink(code);
        HttpClient browser = QuoteSteps.browser();
        String page = QuoteSteps.open(browser, link).body();
        assertThat(QuoteSteps.send(browser, QuoteSteps.pageAction(page, link, "accept", null)).statusCode()).isEqualTo(303);

        HttpResponse<String> decline = QuoteSteps.send(browser, QuoteSteps.pageAction(page, link, "decline", "zu teuer"));

        assertThat(decline.statusCode()).isEqualTo(409);
        assertThat(decline.body()).contains("lang=\"de\"", "nicht mehr möglich", "Angenommen");
        assertThat(steps.state(code)).isEqualTo("ACCEPTED");
    }

    @Test
    void expiredQuotePageSaysSoInsteadOfOfferingAcceptance() {
        String code = steps.offeredQuote();
        String link = offerLink(code);
        JsonNode offered = steps.quote(code);
        String processInstanceId = steps.processInstanceId(code);
        // the reminders, then the end of the last valid day, each timer in its turn
        for (String due : List.of("inactivityReminderAt", "beforeExpiryReminderAt", "expiryDayReminderAt", "expiresAt")) {
            ClockUtil.setCurrentTime(Date.from(Instant.parse(offered.get(due).asText()).plusSeconds(60)));
            steps.executeDueJobs(processInstanceId);
        }
        assertThat(steps.state(code)).isEqualTo("EXPIRED");

        String page = HttpCalls.get(link).body();

        assertThat(page).contains("Abgelaufen", "Dieses Angebot ist abgelaufen.");
        assertThat(page).doesNotContain("Sie können dieses Angebot bis zum", "Angebot annehmen</button>");
    }

    @Test
    void invalidLinkPageSpeaksTheBuyersLanguage() {
        String code = steps.offeredQuote();
        String link = offerLink(code);
        String tampered = link.substring(0, link.length() - 3) + (link.endsWith("AAA") ? "BBB" : "AAA");

        HttpResponse<String> german = HttpCalls.get(tampered, "Accept-Language", "de-DE,de;q=0.9");
        HttpResponse<String> english = HttpCalls.get(tampered, "Accept-Language", "en-US");
        String expired = url("/q/" + links.sign(QuoteMails.LINK_KIND, code, clock.instant().minusSeconds(60)));
        HttpResponse<String> expiredOfGermanQuote = HttpCalls.get(expired, "Accept-Language", "en-US");

        assertThat(german.statusCode()).isEqualTo(404);
        assertThat(german.body()).contains("lang=\"de\"", "Link ungültig oder abgelaufen");
        assertThat(english.statusCode()).isEqualTo(404);
        assertThat(english.body()).contains("lang=\"en\"", "Link invalid or expired");
        assertThat(expiredOfGermanQuote.statusCode()).isEqualTo(404);
        assertThat(expiredOfGermanQuote.body()).as("the quote behind an intact, expired link knows its buyer's language")
                .contains("lang=\"de\"", "Link ungültig oder abgelaufen");
    }

    private String offerLink(String code) {
        return steps.offerLink(code, outboxSender, mailbox, clock.instant());
    }
}
