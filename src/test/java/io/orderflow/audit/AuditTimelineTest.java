package io.orderflow.audit;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static io.orderflow.HttpCalls.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import io.orderflow.order.OrderRequest;
import io.orderflow.order.OrderService;
import io.orderflow.order.OrderState;
import io.orderflow.quote.CreateQuoteRequest;
import io.orderflow.quote.Quote;
import io.orderflow.quote.QuoteProcess;
import io.orderflow.quote.QuoteService;
import io.orderflow.security.CallbackSignatures;
import io.orderflow.validation.CallbackInbox;
import io.orderflow.validation.ReltioCallback;
import io.orderflow.validation.ValidationProcess;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A full quote → order → validation run, then what an auditor reads about it. */
class AuditTimelineTest extends IntegrationTest {

    @Autowired
    QuoteService quotes;
    @Autowired
    OrderService orders;
    @Autowired
    CallbackInbox inbox;
    @Autowired
    CallbackSignatures signatures;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;

    @AfterEach
    void clearAuthentication() {
        identityService.clearAuthentication();
    }

    @Test
    void timelineListsEveryHumanDecisionWithItsActorAcrossQuoteOrderAndValidation() {
        Quote quote = acceptedQuoteWithKycSubmitted("123450");
        String quoteInstance = instanceOf(quote);
        String orderRequestId = orders.find(quote.getCode()).orElseThrow().getId();
        deliverReltioResult("{\"requestId\":\"RLT-" + orderRequestId
                + "-1\",\"status\":\"MATCH\",\"entityUri\":\"entities/uk-nord\"}", orderRequestId, quoteInstance);
        complete(quoteInstance, ValidationProcess.Elements.APPROVE_ORDER, "olga", "order-approvers",
                Map.of("orderDecision", "approve"));
        OrderRequest order = orders.get(orderRequestId);
        assertThat(order.getState()).isEqualTo(OrderState.RELEASED);

        HttpResponse<String> page = get(url("/audit/" + quote.getCode()), "Authorization", basic("audrey", PASSWORD));

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(decisionRow(html, "Review quote request")).contains("sara", "Outcome: Send offer",
                "Offered discount %: 18", "Comment to the buyer: Best we can do").doesNotContain("reviewOutcome=");
        assertThat(decisionRow(html, "Approve discount")).contains("mike", "Decision: Approve");
        assertThat(decisionRow(html, "Request customer details")).contains("bob",
                "How are the details collected?: Enter the details now");
        assertThat(decisionRow(html, "Submit KYC data")).contains("bob", "Legal name: Universitätsklinikum Nord");
        assertThat(decisionRow(html, "Approve order")).contains("olga", "Decision: Approve order");
        assertThat(html).contains("quote ORDERED", "Reltio result received",
                "Match: customer master record entities/uk-nord",
                "Ihr Angebot " + quote.getCode() + " liegt vor", order.getCommerceOrderCode(), "Release order downstream")
                .doesNotContain("&quot;requestId&quot;", "{\"requestId\"");
        assertThat(get(url("/audit/" + order.getCommerceOrderCode()), "Authorization", basic("audrey", PASSWORD)).body())
                .as("the same timeline from the order's side").contains("quote ORDERED", "olga");
        assertThat(get(url("/audit?q=anna.schmidt"), "Authorization", basic("audrey", PASSWORD)).body())
                .contains(quote.getCode(), orderRequestId);
    }

    @Test
    void timelineNamesTheCandidateBackOfficeChoseAndSummarizesReltiosCandidates() {
        Quote quote = acceptedQuoteWithKycSubmitted("123451");
        String quoteInstance = instanceOf(quote);
        String orderRequestId = orders.find(quote.getCode()).orElseThrow().getId();
        deliverReltioResult("{\"requestId\":\"RLT-" + orderRequestId + "-1\",\"status\":\"POTENTIAL_MATCHES\","
                + "\"entityUri\":\"entities/new\",\"candidates\":["
                + "{\"entityUri\":\"entities/a\",\"name\":\"Universitätsklinikum Nord\",\"score\":0.92},"
                + "{\"entityUri\":\"entities/b\",\"name\":\"Klinikverbund Regensburg\",\"score\":0.81}]}",
                orderRequestId, quoteInstance);
        complete(quoteInstance, ValidationProcess.Elements.RESOLVE_CUSTOMER_MATCH, "bob", "backoffice",
                Map.of(ValidationProcess.Variables.CHOSEN_MASTER, "2"));

        String html = get(url("/audit/" + quote.getCode()), "Authorization", basic("audrey", PASSWORD)).body();

        assertThat(decisionRow(html, "Resolve customer match")).contains("bob",
                "Customer master record: Klinikverbund Regensburg").doesNotContain("chosenMaster");
        assertThat(html).contains("Potential matches: Universitätsklinikum Nord (92 %), Klinikverbund Regensburg (81 %)");
    }

    @Test
    void timelineShowsTimesInTheReadersLanguageMarkedForTheirTimeZone() {
        Quote quote = acceptedQuoteWithKycSubmitted("123452");

        String html = get(url("/audit/" + quote.getCode()), "Authorization", basic("audrey", PASSWORD),
                "Accept-Language", "de").body();

        assertThat(html).containsPattern("<time datetime=\"\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z\">\\d{2}\\.\\d{2}\\.\\d{4}, "
                + "\\d{2}:\\d{2}:\\d{2} UTC</time>");
        assertThat(html.replaceAll("<time datetime=\"[^\"]*\"", "")).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:");
    }

    private Quote acceptedQuoteWithKycSubmitted(String taxId) {
        ProcessDriver driver = new ProcessDriver(managementService, runtimeService);
        postJson(url("/sandbox/reltio/behaviour"), "{\"early\":false,\"twice\":false,\"delay\":\"PT24H\"}",
                "Authorization", basic("sara", PASSWORD));
        Quote quote = quotes.create(new CreateQuoteRequest("cart-" + UUID.randomUUID(), "anna.schmidt", "DE-UNIKLINIK",
                "DE", null, "EUR", List.of(new CreateQuoteRequest.Item("SKU-CAP-200", 1, new BigDecimal("45000.00")),
                new CreateQuoteRequest.Item("SKU-CTRL-300", 1, new BigDecimal("8000.00"))), new BigDecimal("18"), null),
                UUID.randomUUID().toString()).quote();
        String quoteInstance = instanceOf(quote);
        driver.drain(quoteInstance);

        complete(quoteInstance, QuoteProcess.Elements.REVIEW_QUOTE, "sara", "sales", Map.of(
                "offeredDiscountPercent", 18.0, "validityDays", 30L, "sellerComment", "Best we can do",
                "reviewOutcome", "offer"));
        complete(quoteInstance, QuoteProcess.Elements.APPROVE_DISCOUNT, "mike", "sales-managers", Map.of(
                "approvalDecision", "approve"));
        quotes.accept(quote.getCode(), "anna.schmidt", "DE-MVZ-NORD");
        driver.drain(quoteInstance);

        complete(quoteInstance, ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS, "bob", "backoffice",
                Map.of("detailsChannel", "enter"));
        complete(quoteInstance, ValidationProcess.Elements.SUBMIT_KYC_DATA, "bob", "backoffice", Map.of(
                "legalName", "Universitätsklinikum Nord", "taxId", "DE-" + taxId, "licenceNumber", "MP-77",
                "addressLine1", "Klinikweg 1", "city", "Regensburg", "postalCode", "93053", "region", "Bavaria",
                "country", "DE"));
        driver.drain(quoteInstance);
        return quote;
    }

    private void deliverReltioResult(String result, String orderRequestId, String quoteInstance) {
        assertThat(postJson(url("/api/v1/callbacks/reltio"), result, CallbackSignatures.HEADER,
                signatures.sign(result, Instant.now())).statusCode()).isIn(200, 202);
        // the controller's own delivery attempt may have backed the callback off for a moment: deliver until it landed
        String requestId = "RLT-" + orderRequestId + "-1";
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            inbox.deliverDue();
            return inbox.received(requestId).map(callback -> callback.getStatus() == ReltioCallback.Status.CORRELATED)
                    .orElse(false);
        });
        new ProcessDriver(managementService, runtimeService).drain(quoteInstance);
    }

    private String instanceOf(Quote quote) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY)
                .processInstanceBusinessKey(quote.getCode()).singleResult().getId();
    }

    @Test
    void onlyAuditorsReadTheAuditTrail() {
        assertThat(get(url("/audit"), "Authorization", basic("audrey", PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(get(url("/audit"), "Authorization", basic("sara", PASSWORD)).statusCode()).isEqualTo(403);
        assertThat(get(url("/audit"), "Authorization", basic("admin", PASSWORD)).statusCode()).isEqualTo(403);
        assertThat(get(url("/audit/Q-NOPE"), "Authorization", basic("audrey", PASSWORD)).statusCode()).isEqualTo(404);
    }

    private void complete(String rootInstance, String taskKey, String user, String group, Map<String, Object> form) {
        ProcessDriver driver = new ProcessDriver(managementService, runtimeService);
        Task task = driver.tree(rootInstance).stream()
                .flatMap(instance -> taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey(taskKey).list().stream())
                .findFirst().orElseThrow(() -> new AssertionError("no open task " + taskKey));
        identityService.setAuthentication(user, List.of(group));
        try {
            taskService.complete(task.getId(), form);
        } finally {
            identityService.clearAuthentication();
        }
        driver.drain(rootInstance);
    }

    /** The table row of a human step, as text. */
    private static String decisionRow(String html, String taskName) {
        int name = html.indexOf("<td>" + taskName + "</td>");
        assertThat(name).as("row of " + taskName).isPositive();
        int start = html.lastIndexOf("<tr", name);
        return html.substring(start, html.indexOf("</tr>", name)).replace("&amp;", "&");
    }
}
