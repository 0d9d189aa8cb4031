package io.orderflow.quote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Date;

import io.orderflow.BrowserTest;
import io.orderflow.Chromium;
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
 * The sales people's day in a real browser: headless Chromium signs into Camunda Tasklist as sara, who reviews a quote
 * with its Camunda form, and as mike, who approves it; a manager who reviewed a quote himself is refused its approval
 * when he claims it. What Tasklist submits passes the server's form contract unchanged. Skipped only where Chromium is
 * not installed; screenshots land in {@code target/tasklist-browser}.
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
        openAndClaim(steps.taskId(code, Elements.REVIEW_QUOTE, "sara"));
        WebElement discount = field("offeredDiscountPercentField");
        // the form shows the requested discount once its variables have loaded; typing before that would be overwritten
        chromium.wait.until(browser -> !discount.getDomProperty("value").isEmpty());
        discount.sendKeys(Keys.chord(Keys.CONTROL, "a"), "15");
        chromium.wait.until(browser -> "15".equals(discount.getDomProperty("value")));
        field("sellerCommentField").sendKeys("Sonderkondition");
        chromium.clickable(By.cssSelector("input[id$='-reviewOutcomeField-0']")).click();
        chromium.screenshot("1-review");
        complete();

        awaitState(code, QuoteState.PENDING_APPROVAL);
        assertThat(quotes.get(code).getOfferedDiscount()).isEqualByComparingTo("15");
        assertThat(quotes.get(code).getReviewerId()).isEqualTo("sara");

        chromium.browser.manage().deleteAllCookies();
        chromium.camundaLogin(url(""), "tasklist", "mike", PASSWORD);
        openAndClaim(steps.taskId(code, Elements.APPROVE_DISCOUNT, "mike"));
        chromium.clickable(By.cssSelector("input[id$='-approvalDecisionField-0']")).click();
        chromium.screenshot("2-approval");
        complete();

        awaitState(code, QuoteState.OFFERED);
        assertThat(quotes.get(code).getApproverId()).isEqualTo("mike");
    }

    @Test
    void managerWhoReviewedIsRefusedTheApprovalWhenHeClaimsItAndTheTaskStaysOpen() {
        String code = steps.createQuote(QuoteSteps.germanRequest());
        String instance = steps.processInstanceId(code);
        steps.executeDueJobs(instance);
        Job overdue = managementService.createJobQuery().processInstanceId(instance)
                .activityId(Elements.REVIEW_OVERDUE).singleResult();
        ClockUtil.setCurrentTime(Date.from(overdue.getDuedate().toInstant().plusSeconds(1)));
        managementService.executeJob(overdue.getId());
        steps.review(code, "mike", 18, 30);
        String approval = steps.taskId(code, Elements.APPROVE_DISCOUNT, "mike");

        chromium.camundaLogin(url(""), "tasklist", "mike", PASSWORD);
        chromium.browser.get(url("/camunda/app/tasklist/default/#/?task=" + approval));
        chromium.clickable(By.xpath("//a[normalize-space(.)='Claim'] | //button[normalize-space(.)='Claim']")).click();

        WebElement refusal = chromium.visible(By.xpath("//*[contains(text(),'Four eyes')]"));
        chromium.screenshot("3-four-eyes");
        assertThat(refusal.getText()).contains("cannot approve its discount");
        assertThat(taskService.createTaskQuery().taskId(approval).singleResult().getAssignee()).isNull();
        assertThat(quotes.get(code).getState()).isEqualTo(QuoteState.PENDING_APPROVAL);
    }

    private void openAndClaim(String taskId) {
        chromium.browser.get(url("/camunda/app/tasklist/default/#/?task=" + taskId));
        chromium.clickable(By.xpath("//a[normalize-space(.)='Claim'] | //button[normalize-space(.)='Claim']")).click();
        chromium.visible(By.cssSelector(".fjs-container"));
    }

    private WebElement field(String componentId) {
        return chromium.visible(By.cssSelector("[id$='-" + componentId + "']"));
    }

    private void complete() {
        WebElement complete = chromium.clickable(By.cssSelector("button[ng-click='complete()']"));
        chromium.browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", complete);
        complete.click();
    }

    private void awaitState(String code, QuoteState state) {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(quotes.get(code).getState()).isEqualTo(state));
    }
}
