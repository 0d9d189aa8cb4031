package io.orderflow.quote;

import static io.orderflow.quote.QuoteSteps.approvalForm;
import static io.orderflow.quote.QuoteSteps.germanRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.notification.OutboxSender;
import io.orderflow.quote.QuoteProcess.Elements;
import io.orderflow.quote.QuoteProcess.Values;
import io.orderflow.quote.QuoteProcess.Variables;
import io.orderflow.quote.QuoteSteps.Event;
import io.orderflow.quote.QuoteSteps.EventStream;
import io.orderflow.sandbox.SandboxMailServer;
import io.orderflow.sandbox.SandboxMailServer.Mail;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The acceptance scenario of quote-to-order, from the checkout's request to the commerce order, over real HTTP. */
class QuoteJourneyTest extends IntegrationTest {

    private static final String ANNA = "anna.schmidt@uniklinik-nord.example";

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    OutboxSender outboxSender;
    @Autowired
    SandboxMailServer mailbox;
    @Autowired
    Clock clock;

    QuoteSteps steps;

    @BeforeEach
    void emptyMailbox() {
        mailbox.clear();
        steps = new QuoteSteps(port, runtimeService, managementService);
    }

    @AfterEach
    void resetEngineClock() {
        ClockUtil.reset();
    }

    @Test
    void germanBuyerGetsAnApprovedDiscountRemindersAndAnOrderFromTheQuotePage() throws Exception {
        // anna.schmidt of DE-UNIKLINIK asks the checkout for 18 % on one SKU-CAP-200
        String code = steps.createQuote(germanRequest());
        String processInstanceId = steps.processInstanceId(code);
        steps.executeDueJobs(processInstanceId);

        // she is told in German that the request arrived
        Mail received = theOnlyNewMail(code);
        assertThat(received.to()).isEqualTo(ANNA);
        assertThat(received.locale()).isEqualTo("de");
        assertThat(received.subject()).isEqualTo("Ihre Angebotsanfrage " + code + " ist eingegangen");
        assertThat(steps.state(code)).isEqualTo("IN_REVIEW");

        // sara reviews: 18 % for 30 days, send the offer
        steps.review(code, "sara", 18, 30);

        // 18 % needs a sales manager's approval; sara may not give it, mike does
        assertThat(steps.state(code)).isEqualTo("PENDING_APPROVAL");
        assertThat(runtimeService.getVariable(processInstanceId, Variables.APPROVAL_LEVEL)).isEqualTo("MANAGER");
        String approval = steps.taskId(code, Elements.APPROVE_DISCOUNT, "mike");
        Set<String> approvalFields = steps.enabledFormFields(approval, "mike");
        HttpResponse<String> byReviewer = steps.submitForm(approval, "sara", approvalForm(Values.APPROVE, null), approvalFields);
        assertThat(byReviewer.statusCode()).as(byReviewer.body()).isEqualTo(403);
        steps.approve(code, "mike");

        // the offer goes out in German, with a link to the quote page
        JsonNode offered = steps.quote(code);
        assertThat(offered.get("state").asText()).isEqualTo("OFFERED");
        assertThat(offered.get("version").asInt()).isEqualTo(2);
        Mail offer = theOnlyNewMail(code);
        assertThat(offer.to()).isEqualTo(ANNA);
        assertThat(offer.locale()).isEqualTo("de");
        assertThat(offer.subject()).isEqualTo("Ihr Angebot " + code + " liegt vor");
        assertThat(offer.text()).contains("Guten Tag Dr. Anna Schmidt", "Version 2", "18\u00a0%", "36.900,00\u00a0€");
        String link = offer.links().stream().filter(href -> href.startsWith(url("/q/"))).findFirst().orElseThrow();
        HttpResponse<String> page = HttpCalls.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("lang=\"de\"", "Angebot " + code, "Angeboten", "Angebot annehmen");
        assertThat(HttpCalls.get(otherQuoteWithThisSignature(link, code)).statusCode()).isEqualTo(404);
        assertThat(HttpCalls.get(withSignatureCharacterChanged(link)).statusCode()).isEqualTo(404);

        // she does not react: the inactivity reminder, the one before expiry and the one on the last day go out
        List<String> reminders = List.of(
                "Erinnerung: Ihr Angebot " + code + " wartet auf Ihre Entscheidung",
                "Ihr Angebot " + code + " läuft bald ab (letzter Tag: ",
                "Ihr Angebot " + code + " kann nur noch heute angenommen werden");
        List<String> reminderInstants = List.of("inactivityReminderAt", "beforeExpiryReminderAt", "expiryDayReminderAt");
        for (int i = 0; i < reminders.size(); i++) {
            moveEngineClockTo(Instant.parse(offered.get(reminderInstants.get(i)).asText()).plusSeconds(60));
            assertThat(steps.executeDueJobs(processInstanceId)).as("the %s timer", reminderInstants.get(i)).isEqualTo(1);
            Mail reminder = theOnlyNewMail(code);
            assertThat(reminder.to()).isEqualTo(ANNA);
            assertThat(reminder.subject()).startsWith(reminders.get(i));
        }
        List<Mail> all = mailsOf(code);
        assertThat(all).hasSize(5).allSatisfy(mail -> assertThat(mail.locale()).isEqualTo("de"));
        for (String reminder : reminders) {
            assertThat(all).filteredOn(mail -> mail.subject().startsWith(reminder)).as(reminder).hasSize(1);
        }
        assertThat(steps.state(code)).as("the last valid day is not over yet").isEqualTo("OFFERED");

        // on the last day she accepts on the quote page
        HttpClient browser = QuoteSteps.browser();
        String quotePage = QuoteSteps.open(browser, link).body();
        HttpResponse<String> accepted = QuoteSteps.send(browser, QuoteSteps.pageAction(quotePage, link, "accept", null));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
        assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith(URI.create(link).getPath()));
        JsonNode acceptedQuote = steps.quote(code);
        assertThat(acceptedQuote.get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(acceptedQuote.get("orderRequestId").asText()).startsWith("OR-");

        // the order is handed to commerce
        steps.executeDueJobs(processInstanceId);
        JsonNode ordered = steps.quote(code);
        assertThat(ordered.get("state").asText()).isEqualTo("ORDERED");
        String orderCode = ordered.get("commerceOrderCode").asText();
        JsonNode order = QuoteSteps.read(HttpCalls.get(url("/sandbox/commerce/orders/" + orderCode),
                "Authorization", HttpCalls.basic("sara", PASSWORD)));
        assertThat(order.get("customerId").asText()).isEqualTo("anna.schmidt");
        assertThat(order.get("b2bUnitId").asText()).isEqualTo("DE-UNIKLINIK");

        // and the quote's event stream tells the whole story
        try (EventStream events = steps.events(code, null)) {
            assertThat(events.until("ORDERED", Duration.ofSeconds(10))).extracting(Event::state)
                    .containsExactly("SUBMITTED", "IN_REVIEW", "PENDING_APPROVAL", "OFFERED", "ACCEPTED", "ORDERED");
        }
    }

    /** Delivers what the outbox has due now and returns the one new mail of the quote. */
    private Mail theOnlyNewMail(String code) {
        int before = mailsOf(code).size();
        outboxSender.sendDue(clock.instant());
        List<Mail> mails = mailsOf(code);
        assertThat(mails).as("mails of " + code).hasSize(before + 1);
        return mails.get(mails.size() - 1);
    }

    private List<Mail> mailsOf(String code) {
        return mailbox.mails().stream().filter(mail -> mail.subject().contains(code)).toList();
    }

    private void moveEngineClockTo(Instant instant) {
        ClockUtil.setCurrentTime(Date.from(instant));
        assertThat(clock.instant()).isEqualTo(instant);
    }

    private static String withSignatureCharacterChanged(String link) {
        int at = link.indexOf('.', link.lastIndexOf('/')) + 5;
        return link.substring(0, at) + (link.charAt(at) == 'A' ? 'B' : 'A') + link.substring(at + 1);
    }

    /** The same signature on a payload naming another quote. */
    private static String otherQuoteWithThisSignature(String link, String code) {
        String token = link.substring(link.lastIndexOf('/') + 1);
        int dot = token.indexOf('.');
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
        assertThat(payload).contains(code);
        String otherPayload = payload.replace(code, "Q-OTHER000");
        return link.substring(0, link.lastIndexOf('/') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(otherPayload.getBytes(StandardCharsets.UTF_8))
                + token.substring(dot);
    }
}
