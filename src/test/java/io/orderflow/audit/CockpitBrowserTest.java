package io.orderflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.orderflow.IntegrationTest;
import io.orderflow.order.OrderProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
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
class CockpitBrowserTest extends IntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "cockpit-browser");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    ApplicationContext context;

    Path profile;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void chromiumIsInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "Cockpit browser test skipped: " + CHROMIUM + " is absent (apt-get install chromium chromium-driver)");
    }

    @BeforeEach
    void startBrowser() throws IOException {
        profile = Files.createTempDirectory("cockpit-browser-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, PATIENCE);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void auditorFindsAFinishedOrderInCockpitHistoryAndReadsItsHistory() throws IOException {
        AuditFixture fixture = new AuditFixture(context);
        String orderRequestId = fixture.finishedOrder();
        String instanceId = fixture.instanceId(OrderProcess.KEY, orderRequestId);

        browser.get(url("/camunda/app/cockpit/default/"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']")))
                .sendKeys("audrey");
        browser.findElement(By.cssSelector("input[ng-model='password']")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();

        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("History"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-table='instances']")));
        screenshot("1-instances");
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
        screenshot("2-instance-history");
        assertThat(browser.getCurrentUrl()).endsWith("#/audit-history/" + instanceId);
        assertThat(activities.getText()).contains("Release order downstream");
        assertThat(browser.findElement(By.cssSelector("table[data-table='operations']")).getText())
                .contains("SetJobRetries", AuditFixture.OPERATOR);
        WebElement variables = browser.findElement(By.cssSelector("table[data-table='variables']"));
        browser.executeScript("arguments[0].scrollIntoView()", variables);
        screenshot("3-variables");
        assertThat(variables.getText())
                .contains(OrderProcess.Variables.ORDER_REQUEST_ID, orderRequestId);
        WebElement timeline = browser.findElement(By.linkText("Audit timeline"));
        assertThat(timeline.getDomProperty("href")).isEqualTo(url("/audit/" + orderRequestId));
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.move(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
