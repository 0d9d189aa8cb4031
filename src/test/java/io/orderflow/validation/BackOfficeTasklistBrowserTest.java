package io.orderflow.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.BrowserTest;
import io.orderflow.Chromium;
import io.orderflow.HttpCalls;
import io.orderflow.ProcessDriver;
import io.orderflow.order.OrderProcess;
import io.orderflow.order.OrderService;
import io.orderflow.order.OrderState;
import io.orderflow.order.PlaceOrderRequest;
import io.orderflow.security.CallbackSignatures;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Back office and order approvers in a real browser: headless Chromium signs into Camunda Tasklist as bob, who finds an
 * order's validation by its order code, customer and value, has the details entered, submits the KYC data and chooses
 * the matching master record among Reltio's candidates by name; and as olga, who approves an order. Screenshots land
 * in {@code target/browser/<role>}. Skipped only where Chromium is not installed.
 */
class BackOfficeTasklistBrowserTest extends BrowserTest {

    private static final String ULTRASOUND = "SKU-CAP-200";
    private static final String PUMP_CONTROLLER = "SKU-CTRL-300";

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    OrderService orders;
    @Autowired
    ValidationService validations;
    @Autowired
    CallbackInbox inbox;
    @Autowired
    ReltioCallbackRepository callbacks;
    @Autowired
    CallbackSignatures signatures;
    @Autowired
    Clock clock;
    @Autowired
    ObjectMapper json;

    ProcessDriver driver;

    @BeforeEach
    void startBrowserWithReltioWaitingForTheTest() {
        driver = new ProcessDriver(managementService, runtimeService);
        HttpResponse<String> behaviour = HttpCalls.postJson(url("/sandbox/reltio/behaviour"),
                "{\"early\":false,\"twice\":false,\"delay\":\"PT24H\"}", "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(behaviour.statusCode()).as(behaviour.body()).isEqualTo(200);
        chromium = Chromium.start("tasklist-browser");
    }

    @Test
    void backOfficeEntersTheKycDataAndChoosesTheMatchingCustomerByName() throws JsonProcessingException {
        String orderRequestId = place("anna.schmidt", "DE-MVZ-NORD", ULTRASOUND);
        String orderCode = orders.get(orderRequestId).getCommerceOrderCode();

        chromium.camundaLogin(url(""), "tasklist", "bob", PASSWORD);
        WebElement row = chromium.taskInList("Back office", orderCode);
        assertThat(row.getText()).startsWith("Request customer details · " + orderCode + " · Dr. Anna Schmidt (DE-MVZ-NORD) · ")
                .endsWith("€");
        chromium.screenshotAs("bob", "1-task-list");
        row.click();
        chromium.claimTask();
        chromium.clickable(By.cssSelector("input[id$='-detailsChannelField-1']")).click();
        chromium.completeTask();
        chromium.awaitGoneFromList("Request customer details · " + orderCode);

        chromium.taskInList("Back office", "Submit KYC data · " + orderCode).click();
        chromium.claimTask();
        type("legalNameField", "Universitätsklinikum Nord");
        // sandbox Reltio answers a tax id ending in 1 with potential matches
        type("taxIdField", "DE" + String.format("%08d", (int) (Math.random() * 100_000_000)) + "1");
        type("licenceNumberField", "BY-MP-4711");
        // the address comes from the one commerce keeps for the unit, the region as its ISO code
        assertThat(value("addressLine1Field")).isEqualTo("Ismaninger Straße 22");
        assertThat(value("cityField")).isEqualTo("München");
        assertThat(value("postalCodeField")).isEqualTo("81675");
        assertThat(value("regionField")).isEqualTo("DE-BY");
        chromium.screenshotAs("bob", "2-kyc-form");
        chromium.completeTask();
        chromium.awaitGoneFromList("Submit KYC data · " + orderCode);

        driver.drain(OrderProcess.KEY, orderRequestId);
        String requestId = validations.get(orderRequestId).getRequestId();
        assertThat(requestId).isNotNull();
        String entity = "entities/pm-" + orderRequestId;
        assertThat(sendCallback(potentialMatches(requestId, entity)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            inbox.deliverDue();
            return callbacks.findByRequestId(requestId).orElseThrow().getStatus() == ReltioCallback.Status.CORRELATED;
        });

        driver.drain(OrderProcess.KEY, orderRequestId);
        chromium.taskInList("Back office", "Resolve customer match · " + orderCode).click();
        chromium.claimTask();
        WebElement second = chromium.visible(By.xpath("//label[.//input[@type='radio' and contains(@id,'-chosenMasterField-')]]"
                + "[contains(., 'Universitätsklinikum Nord GmbH — score 0.81')]"));
        assertThat(chromium.browser.findElements(By.xpath("//label[.//input[contains(@id,'-chosenMasterField-')]]")))
                .extracting(WebElement::getText).containsExactly("Universitätsklinikum Nord — score 0.92",
                        "Universitätsklinikum Nord GmbH — score 0.81", "Klinikverbund München — score 0.64",
                        "None of these: create a new customer record");
        chromium.click(second.findElement(By.cssSelector("input")));
        chromium.documentAs("bob", "3-match-choice", "bob-tasklist");
        chromium.completeTask();
        chromium.awaitGoneFromList("Resolve customer match · " + orderCode);

        driver.drain(OrderProcess.KEY, orderRequestId);
        assertThat(validations.get(orderRequestId).getMasterId()).isEqualTo(entity + "-b");
        assertThat(orders.get(orderRequestId).getState()).isEqualTo(OrderState.RELEASED);
    }

    @Test
    void orderApproverFindsTheOrderByCodeCustomerAndValueAndApprovesIt() {
        String orderRequestId = place("jens.weber", "DE-UNIKLINIK", PUMP_CONTROLLER);
        String orderCode = orders.get(orderRequestId).getCommerceOrderCode();

        chromium.camundaLogin(url(""), "tasklist", "olga", PASSWORD);
        WebElement row = chromium.taskInList("Order approvers", orderCode);
        assertThat(row.getText()).startsWith("Approve order · " + orderCode + " · Jens Weber (DE-UNIKLINIK) · ").endsWith("€");
        chromium.screenshotAs("olga", "1-task-list");
        row.click();
        chromium.claimTask();
        assertThat(chromium.visible(By.cssSelector("[id$='-validationSummaryField']")).getDomProperty("value"))
                .contains("Jens Weber (jens.weber)", "1 × Infusionspumpe IP-300 (" + PUMP_CONTROLLER + ")");
        chromium.clickable(By.cssSelector("input[id$='-orderDecisionField-0']")).click();
        chromium.documentAs("olga", "2-approval-form", "olga-tasklist");
        chromium.completeTask();
        chromium.awaitGoneFromList("Approve order · " + orderCode);

        driver.drain(OrderProcess.KEY, orderRequestId);
        assertThat(orders.get(orderRequestId).getState()).isEqualTo(OrderState.RELEASED);
    }

    private String place(String customerId, String b2bUnitId, String sku) {
        String orderRequestId = orders.place(new PlaceOrderRequest("cart-" + UUID.randomUUID(), customerId, b2bUnitId,
                "DE", "EUR", List.of(new PlaceOrderRequest.Item(sku, 1, sku.equals(ULTRASOUND)
                        ? new BigDecimal("45000.00") : new BigDecimal("8000.00"))), null), UUID.randomUUID().toString())
                .order().getId();
        driver.drain(OrderProcess.KEY, orderRequestId);
        return orderRequestId;
    }

    /** Types into an empty field as a person would (the form's own state does not hear of WebElement.clear()). */
    private void type(String componentId, String text) {
        WebElement field = field(componentId);
        assertThat(field.getDomProperty("value")).as(componentId).isEmpty();
        field.sendKeys(text);
    }

    private String value(String componentId) {
        return field(componentId).getDomProperty("value");
    }

    private WebElement field(String componentId) {
        return chromium.visible(By.cssSelector("[id$='-" + componentId + "']"));
    }

    private HttpResponse<String> sendCallback(String body) {
        return HttpCalls.postJson(url("/api/v1/callbacks/reltio"), body, CallbackSignatures.HEADER,
                signatures.sign(body, clock.instant()));
    }

    private String potentialMatches(String requestId, String entityUri) throws JsonProcessingException {
        return json.writeValueAsString(Map.of("requestId", requestId, "status", "POTENTIAL_MATCHES",
                "entityUri", entityUri + "-new", "candidates", List.of(
                        Map.of("entityUri", entityUri + "-a", "name", "Universitätsklinikum Nord", "score", 0.92),
                        Map.of("entityUri", entityUri + "-b", "name", "Universitätsklinikum Nord GmbH", "score", 0.81),
                        Map.of("entityUri", entityUri + "-c", "name", "Klinikverbund München", "score", 0.64))));
    }
}
