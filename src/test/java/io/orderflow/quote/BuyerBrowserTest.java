package io.orderflow.quote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import io.orderflow.BrowserTest;
import io.orderflow.Chromium;
import io.orderflow.notification.OutboxSender;
import io.orderflow.sandbox.SandboxMailServer;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The buyer's side in a real browser: headless Chromium opens the link from the offer mail in the sandbox mailbox,
 * reads the offer in German, double-clicks "accept" and sees the order placed without reloading the page. Skipped
 * only where Chromium is not installed; screenshots land in {@code target/browser/buyer}.
 */
class BuyerBrowserTest extends BrowserTest {

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
    void startBrowser() {
        steps = new QuoteSteps(port, runtimeService, managementService);
        chromium = Chromium.start("browser/buyer");
    }

    @Test
    void germanBuyerDoubleClicksAcceptAndWatchesTheOrderArriveWithoutReload() throws Exception {
        String code = steps.offeredQuote();
        String link = steps.offerLink(code, outboxSender, mailbox, clock.instant());

        // the offer, in German: product names, euro amounts, German percent, the state by its name
        chromium.browser.get(link);
        chromium.wait.until(browser -> "Angeboten".equals(text(By.id("state"))));
        assertThat(text(By.tagName("body"))).contains("Patientenmonitor PM-200", "45.000,00 €", "36.900,00 €", "18 %",
                "Sie können dieses Angebot bis zum");
        chromium.documentationScreenshot("1-offer", "buyer-quote-page");

        // the page stays put while she types a reason: no reload (the marker survives), nothing she typed is lost
        chromium.browser.executeScript("window.stillTheSamePage = true;");
        chromium.browser.findElement(By.cssSelector("form[action$='/decline'] input[name='comment']"))
                .sendKeys("Budget noch nicht freigegeben");
        Thread.sleep(Duration.ofSeconds(4).toMillis());
        assertThat(chromium.browser.executeScript("return window.stillTheSamePage === true;")).isEqualTo(true);
        assertThat(chromium.browser.findElement(By.cssSelector("form[action$='/decline'] input[name='comment']"))
                .getDomProperty("value")).isEqualTo("Budget noch nicht freigegeben");
        chromium.screenshot("2-typing");

        // a double click on "accept": she lands on her quote's page, in German, showing the acceptance
        new Actions(chromium.browser).doubleClick(chromium.clickable(By.cssSelector("form[action$='/accept'] button")))
                .perform();
        chromium.wait.until(browser -> "Angenommen".equals(text(By.id("state"))));
        assertThat(chromium.browser.getCurrentUrl()).startsWith(link);
        assertThat(chromium.browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("de");
        assertThat(text(By.tagName("body"))).contains("Ihre Bestellung wird angelegt.")
                .doesNotContain("409", "Conflict", "Sie können dieses Angebot bis zum");
        assertThat(chromium.browser.findElements(By.cssSelector("form[action$='/accept']"))).isEmpty();
        assertThat(steps.state(code)).isEqualTo("ACCEPTED");
        chromium.screenshot("3-accepted");

        // the order reaches commerce: the page shows it in place, without a reload
        chromium.browser.executeScript("window.stillTheSamePage = true;");
        steps.executeDueJobs(steps.processInstanceId(code));
        assertThat(steps.state(code)).isEqualTo("ORDERED");
        chromium.wait.until(browser -> "Bestellt".equals(text(By.id("state"))));
        assertThat(text(By.id("note"))).isEqualTo("Sie haben dieses Angebot angenommen. Ihre Bestellung ist aufgegeben.");
        assertThat(chromium.browser.executeScript("return window.stillTheSamePage === true;")).isEqualTo(true);
        chromium.screenshot("4-ordered-in-place");
    }

    /**
     * The element's text, with the spaces that keep amounts and percentages together read as plain spaces; empty while
     * the browser is between two pages.
     */
    private String text(By locator) {
        try {
            return chromium.browser.findElement(locator).getText().replace('\u00a0', ' ').replace('\u202f', ' ');
        } catch (StaleElementReferenceException | NoSuchElementException betweenPages) {
            return "";
        }
    }
}
