package io.orderflow.quote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;

import io.orderflow.BrowserTest;
import io.orderflow.Chromium;
import io.orderflow.HttpCalls;
import io.orderflow.quote.QuoteProcess.Elements;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sales people's day in a real browser: headless Chromium signs into Camunda Tasklist as sara, who finds a quote in
 * her list by its code, customer and value and reviews it with its Camunda form, and as mike, who approves it; a
 * manager who reviewed a quote himself is not offered its approval. What Tasklist submits passes the server's form
 * contract unchanged. Skipped only where Chromium is not installed; screenshots land in {@code target/browser/<role>}.
 */
class TasklistBrowserTest extends BrowserTest {

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    TaskService taskService;
    @Autowired
    QuoteService quotes;

    QuoteSteps steps;

    @BeforeEach
    void startBrowser() {
        steps = new QuoteSteps(port, runtimeService, managementService);
        chromium = Chromium.start("tasklist-browser");
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void salesRepReviewsWithTheFormAndAManagerApprovesInTasklist() {
        String code = steps.createQuote(QuoteSteps.germanRequest());
        steps.executeDueJobs(steps.processInstanceId(code));

        chromium.camundaLogin(url(""), "tasklist", "sara", PASSWORD);
        WebElement row = chromium.taskInList("Sales", code);
        assertThat(row.getText()).as("the row names the quote, the customer and the value")
                .startsWith("Review quote request · " + code + " · Dr. Anna Schmidt (DE-UNIKLINIK) · ").endsWith("€");
        chromium.screenshotAs("sara", "1-task-list");
        row.click();
        chromium.claimTask();
        WebElement discount = field("offeredDiscountPercentField");
        // the form shows the requested discount once its variables have loaded; typing before that would be overwritten
        chromium.wait.until(browser -> !discount.getDomProperty("value").isEmpty());
        assertThat(shown("quoteReferenceField")).isEqualTo(code + " (version 1)");
        assertThat(shown("customerNameField")).isEqualTo("Dr. Anna Schmidt (DE-UNIKLINIK), DE");
        assertThat(shown("productNamesField")).contains("× Patientenmonitor PM-200");
        assertThat(shown("netValueAfterDiscountField")).contains("€ (list value ");
        assertThat(shown("expectedApprovalField")).contains("approves at a discount of");
        chromium.documentAs("sara", "2-review-form", "sara-tasklist");
        discount.sendKeys(Keys.chord(Keys.CONTROL, "a"), "15");
        chromium.wait.until(browser -> "15".equals(discount.getDomProperty("value")));
        field("sellerCommentField").sendKeys("Sonderkondition");
        chromium.clickable(By.cssSelector("input[id$='-reviewOutcomeField-0']")).click();
        chromium.screenshot("1-review");
        chromium.completeTask();

        awaitState(code, QuoteState.PENDING_APPROVAL);
        assertThat(quotes.get(code).getOfferedDiscount()).isEqualByComparingTo("15");
        assertThat(quotes.get(code).getReviewerId()).isEqualTo("sara");
        chromium.awaitGoneFromList(code);

        chromium.signOut();
        chromium.camundaLogin(url(""), "tasklist", "mike", PASSWORD);
        WebElement approvalRow = chromium.taskInList("Sales managers", code);
        assertThat(approvalRow.getText()).startsWith("Approve discount · " + code + " · Dr. Anna Schmidt (DE-UNIKLINIK) · ");
        chromium.screenshotAs("mike", "1-task-list");
        approvalRow.click();
        chromium.claimTask();
        chromium.clickable(By.cssSelector("input[id$='-approvalDecisionField-0']")).click();
        chromium.screenshot("2-approval");
        chromium.documentAs("mike", "2-approval-form", "mike-tasklist");
        chromium.completeTask();

        awaitState(code, QuoteState.OFFERED);
        assertThat(quotes.get(code).getApproverId()).isEqualTo("mike");
        chromium.awaitGoneFromList(code);
    }

    /**
     * mike took over an overdue review, so he may not approve that discount: Tasklist does not offer him the approval
     * while it lists another quote's approval next to it, and a claim anyway (over the REST API Tasklist uses) is
     * refused with the four-eyes reason, the task left unclaimed for the other managers.
     */
    @Test
    void managerWhoReviewedIsNotOfferedTheApprovalAndIsRefusedWhenHeClaimsItAnyway() {
        String code = steps.createQuote(QuoteSteps.germanRequest());
        String instance = steps.processInstanceId(code);
        steps.executeDueJobs(instance);
        Job overdue = managementService.createJobQuery().processInstanceId(instance)
                .activityId(Elements.REVIEW_OVERDUE).singleResult();
        ClockUtil.setCurrentTime(Date.from(overdue.getDuedate().toInstant().plusSeconds(1)));
        managementService.executeJob(overdue.getId());
        steps.review(code, "mike", 18, 30);
        String approval = taskService.createTaskQuery().processInstanceBusinessKey(code)
                .taskDefinitionKey(Elements.APPROVE_DISCOUNT).singleResult().getId();
        String other = steps.createQuote(QuoteSteps.germanRequest());
        steps.executeDueJobs(steps.processInstanceId(other));
        steps.review(other, "sara", 18, 30);

        chromium.camundaLogin(url(""), "tasklist", "mike", PASSWORD);
        chromium.taskInList("Sales managers", other);
        assertThat(chromium.browser.findElements(By.xpath("//*[contains(@class,'tasks-list')]//li[contains(., '" + code + "')]")))
                .as("the approval of the quote mike reviewed is not in his list").isEmpty();
        chromium.screenshotAs("mike", "3-four-eyes-not-offered");
        chromium.screenshot("3-four-eyes");

        HttpResponse<String> claim = HttpCalls.postJson(url("/engine-rest/task/" + approval + "/claim"),
                "{\"userId\":\"mike\"}", "Authorization", HttpCalls.basic("mike", PASSWORD));
        assertThat(claim.statusCode()).isEqualTo(403);
        assertThat(claim.body()).contains("Four eyes", "cannot approve its discount");
        assertThat(taskService.createTaskQuery().taskId(approval).singleResult().getAssignee()).isNull();
        assertThat(quotes.get(code).getState()).isEqualTo(QuoteState.PENDING_APPROVAL);
    }

    private String shown(String componentId) {
        return field(componentId).getDomProperty("value").replace('\u00a0', ' ');
    }

    private WebElement field(String componentId) {
        return chromium.visible(By.cssSelector("[id$='-" + componentId + "']"));
    }

    private void awaitState(String code, QuoteState state) {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(quotes.get(code).getState()).isEqualTo(state));
    }
}
