package io.orderflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.Chromium;
import io.orderflow.BrowserTest;
import io.orderflow.order.OrderProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * An auditor in a real browser: headless Chromium logs into Cockpit, opens the History plugin, finds a finished order
 * and reads its history. Debian's {@code chromium} and {@code chromium-driver} packages ({@code .ci/run} installs
 * them); skipped only where Chromium is not installed. Screenshots land in {@code target/cockpit-browser}.
 */
class CockpitBrowserTest extends BrowserTest {

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void startBrowser() {
        chromium = Chromium.start("cockpit-browser");
    }

    @Test
    void auditorFindsAFinishedOrderInCockpitHistoryAndReadsItsHistory() {
        AuditFixture fixture = new AuditFixture(context);
        String orderRequestId = fixture.finishedOrder();
        String instanceId = fixture.instanceId(OrderProcess.KEY, orderRequestId);

        chromium.camundaLogin(url(""), "cockpit", "audrey", PASSWORD);
        ChromeDriver browser = chromium.browser;
        WebDriverWait wait = chromium.wait;

        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("History"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-table='instances']")));
        chromium.screenshot("1-instances");
        browser.findElement(By.name("businessKey")).sendKeys(orderRequestId);
        new Select(browser.findElement(By.name("state"))).selectByValue("finished");
        browser.findElement(By.cssSelector(".audit-history form button[type='submit']")).click();
        WebElement instance = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-table='instances'] a[data-instance-id='" + instanceId + "']")));
        assertThat(instance.getText()).isEqualTo(orderRequestId);
        assertThat(instance.findElement(By.xpath("ancestor::tr")).getText()).contains("COMPLETED", OrderProcess.KEY);
        instance.click();

        WebElement activities = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("table[data-table='activities']")));
        chromium.screenshot("2-instance-history");
        assertThat(browser.getCurrentUrl()).endsWith("#/audit-history/" + instanceId);
        assertThat(activities.getText()).contains("Release order downstream");
        assertThat(browser.findElement(By.cssSelector("table[data-table='operations']")).getText())
                .contains("SetJobRetries", AuditFixture.OPERATOR);
        WebElement variables = browser.findElement(By.cssSelector("table[data-table='variables']"));
        browser.executeScript("arguments[0].scrollIntoView()", variables);
        chromium.screenshot("3-variables");
        assertThat(variables.getText())
                .contains(OrderProcess.Variables.ORDER_REQUEST_ID, orderRequestId);
        WebElement timeline = browser.findElement(By.linkText("Audit timeline"));
        assertThat(timeline.getDomProperty("href")).isEqualTo(url("/audit/" + orderRequestId));
    }
}
