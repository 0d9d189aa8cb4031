package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.orderflow.Chromium;
import io.orderflow.BrowserTest;
import io.orderflow.audit.AuditFixture;
import io.orderflow.quote.QuoteProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Each role in a real browser (headless Chromium, skipped where it is not installed): what sara, mike and audrey
 * see. Screenshots land in {@code target/browser/<role>}; one main screen per role is kept in {@code docs/screenshots}.
 */
class RolesBrowserTest extends BrowserTest {

    @Autowired
    ApplicationContext context;

    @Test
    void salesRepSeesTheDemoUsersAtLoginOnlyHerPagesAtHomeAndStyledRefusals() {
        chromium = Chromium.start("browser/sara");
        chromium.browser.get(url("/login"));
        assertThat(chromium.visible(By.cssSelector(".sandbox-note")).getText()).contains("sara", "audrey", "demo");
        chromium.screenshot("1-login");

        chromium.pageLogin(url(""), "sara", PASSWORD);
        WebElement links = chromium.visible(By.cssSelector("ul.links"));
        assertThat(links.getText()).contains("Tasklist", "API documentation")
                .doesNotContain("Cockpit", "Admin", "Reports", "Audit", "Undelivered callbacks");
        chromium.documentationScreenshot("2-home", "home-sara");

        chromium.browser.get(url("/audit"));
        assertThat(chromium.visible(By.tagName("h1")).getText()).isEqualTo("You may not open this page");
        assertThat(chromium.browser.getPageSource()).doesNotContain("Whitelabel");
        chromium.screenshot("3-forbidden");

        chromium.browser.get(url("/no-such-page"));
        assertThat(chromium.visible(By.tagName("h1")).getText()).isEqualTo("This page does not exist");
        chromium.screenshot("4-not-found");
        chromium.browser.findElement(By.linkText("Home")).click();
        chromium.visible(By.cssSelector("ul.links"));
    }

    @Test
    void salesManagerOpensReportsAndDownloadsACsv() {
        chromium = Chromium.start("browser/mike");
        chromium.pageLogin(url(""), "mike", PASSWORD);
        assertThat(chromium.visible(By.cssSelector("ul.links")).getText()).contains("Reports", "Tasklist")
                .doesNotContain("Audit", "Cockpit");
        chromium.browser.findElement(By.linkText("Reports")).click();
        WebElement csv = chromium.clickable(By.cssSelector("a.csv"));
        chromium.documentationScreenshot("1-reports", "reports-mike");

        String href = csv.getDomProperty("href");
        @SuppressWarnings("unchecked")
        Map<String, Object> download = (Map<String, Object>) chromium.browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text().then(body => done({status: r.status,"
                        + " type: r.headers.get('Content-Type'), disposition: r.headers.get('Content-Disposition'), body})));",
                href);
        assertThat(download.get("status")).isEqualTo(200L);
        assertThat((String) download.get("type")).startsWith("text/csv");
        assertThat((String) download.get("disposition")).contains("attachment", ".csv");
        assertThat(((String) download.get("body")).lines().findFirst()).hasValueSatisfying(header ->
                assertThat(header).contains(","));
    }

    @Test
    void auditorReadsAFinishedQuoteInCockpitHistoryAndItsTimelineInHerLanguageAndTimeZone() {
        AuditFixture fixture = new AuditFixture(context);
        String code = fixture.declinedQuote();
        String instanceId = fixture.instanceId(QuoteProcess.KEY, code);
        chromium = Chromium.start("browser/audrey", "de-DE", "Europe/Berlin");
        chromium.pageLogin(url(""), "audrey", PASSWORD);
        chromium.browser.get(url("/audit/" + code));
        WebElement timeline = chromium.visible(By.tagName("table"));
        chromium.wait.until(ExpectedConditions.textMatches(By.cssSelector("table time"), java.util.regex.Pattern.compile("MEZ")));
        assertThat(timeline.getText()).contains("Outcome: Send offer", "Offered discount %: 5", "sara")
                .containsPattern("\\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2}:\\d{2} MEZ")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:").doesNotContain("reviewOutcome=", "UTC");
        chromium.documentationScreenshot("1-audit-timeline", "audit-timeline-audrey");

        chromium.camundaLogin(url(""), "cockpit", "audrey", PASSWORD);
        chromium.clickable(By.linkText("History")).click();
        chromium.visible(By.cssSelector("[data-table='instances']"));
        chromium.browser.findElement(By.name("businessKey")).sendKeys(code);
        new Select(chromium.browser.findElement(By.name("state"))).selectByValue("finished");
        chromium.browser.findElement(By.cssSelector(".audit-history form button[type='submit']")).click();
        WebElement instance = chromium.clickable(
                By.cssSelector("[data-table='instances'] a[data-instance-id='" + instanceId + "']"));
        String row = instance.findElement(By.xpath("ancestor::tr")).getText();
        assertThat(row).contains("COMPLETED", "checkout (API)").containsPattern("\\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2}:\\d{2} MEZ")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
        chromium.screenshot("2-cockpit-history");
        instance.click();
        chromium.visible(By.cssSelector("table[data-table='activities']"));
        assertThat(chromium.browser.findElement(By.cssSelector("dl")).getText()).contains("checkout (API)");
        chromium.screenshot("3-cockpit-instance");
    }
}
