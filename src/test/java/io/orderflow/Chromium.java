package io.orderflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages ({@code .ci/run} installs
 * them), with a fresh profile per browser. Tests that need it are skipped only where Chromium is not installed.
 * Screenshots land in {@code target/<folder>}.
 */
public final class Chromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Generous: on a loaded machine the webapps take long to render. */
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final Path profile;
    private final Path screenshots;
    public final ChromeDriver browser;
    public final WebDriverWait wait;

    /** How long Tasklist may take to show its filters before it is loaded again. */
    private static final Duration RELOAD_AFTER = Duration.ofSeconds(40);

    private Chromium(String screenshotFolder, String language, String timeZone) throws IOException {
        profile = Files.createTempDirectory("chromium-profile");
        screenshots = Path.of("target", screenshotFolder);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile, "--lang=" + language);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withEnvironment(java.util.Map.of("TZ", timeZone)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, PATIENCE);
    }

    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "browser test skipped: " + CHROMIUM + " is absent (apt-get install chromium chromium-driver)");
    }

    public static Chromium start(String screenshotFolder) {
        return start(screenshotFolder, "en-US", "UTC");
    }

    /** A browser speaking {@code language} (e.g. {@code de-DE}) whose clock is in {@code timeZone}. */
    public static Chromium start(String screenshotFolder, String language, String timeZone) {
        try {
            return new Chromium(screenshotFolder, language, timeZone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Signs in on the login page of a Camunda webapp ({@code cockpit}, {@code tasklist}, …). On a cold start the page
     * may take the credentials before its script is ready and stay on the form; then they are entered again.
     */
    public void camundaLogin(String baseUrl, String application, String user, String password) {
        browser.get(baseUrl + "/camunda/app/" + application + "/default/");
        By form = By.cssSelector("form[name='signinForm']");
        for (int attempt = 1; ; attempt++) {
            WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']")));
            name.clear();
            name.sendKeys(user);
            WebElement secret = browser.findElement(By.cssSelector("input[ng-model='password']"));
            secret.clear();
            secret.sendKeys(password);
            browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
            try {
                // signed in once the form is gone; navigating earlier would abandon the sign-in
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.invisibilityOfElementLocated(form));
                return;
            } catch (TimeoutException stillThere) {
                if (attempt == 3) {
                    screenshot("sign-in-" + user);
                    throw stillThere;
                }
            }
        }
    }

    /** Signs in on the application's own login page ({@code /login}), then opens {@code path}. */
    public void pageLogin(String baseUrl, String user, String password) {
        browser.get(baseUrl + "/login");
        visible(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form.login button[type='submit']")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    /** A screenshot of this browser, also kept in the repository's documentation as {@code docs/screenshots/<name>}. */
    public void documentationScreenshot(String name, String documentationName) {
        screenshot(name);
        keepInDocumentation(screenshots.resolve(name + ".png"), documentationName);
    }

    /** What a person in a role sees ({@link #screenshotAs}), also kept in the documentation as above. */
    public void documentAs(String role, String name, String documentationName) {
        screenshotAs(role, name);
        keepInDocumentation(Path.of("target", "browser", role, name + ".png"), documentationName);
    }

    private static void keepInDocumentation(Path screenshot, String documentationName) {
        try {
            Path docs = Path.of("docs", "screenshots");
            Files.createDirectories(docs);
            Files.copy(screenshot, docs.resolve(documentationName + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebElement visible(By locator) {
        return awaitOrRecord(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public WebElement clickable(By locator) {
        return awaitOrRecord(ExpectedConditions.elementToBeClickable(locator));
    }

    /** Waits for the condition; if it never holds, keeps what the browser showed and says where it was. */
    private WebElement awaitOrRecord(ExpectedCondition<WebElement> condition) {
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            save(screenshots, "failed-" + System.currentTimeMillis());
            throw new TimeoutException("at " + browser.getCurrentUrl() + ": " + e.getMessage(), e);
        }
    }

    public void screenshot(String name) {
        save(screenshots, name);
    }

    /** What a person in a role sees, under {@code target/browser/<role>}. */
    public void screenshotAs(String role, String name) {
        save(Path.of("target", "browser", role), name);
    }

    /**
     * Opens a Tasklist filter by its name and waits until its list shows a task whose name contains the text; returns
     * that row.
     */
    public WebElement taskInList(String filter, String text) {
        By link = By.xpath("//*[contains(@class,'task-filters')]//h4//a[starts-with(normalize-space(.), '" + filter
                + "')]");
        for (int attempt = 1; ; attempt++) {
            // Tasklist does not reload a list that is already open: tasks made meanwhile appear after a reload. On a
            // loaded machine its first load can stay on the spinner for good; then it is loaded again
            browser.navigate().refresh();
            try {
                new WebDriverWait(browser, RELOAD_AFTER).until(ExpectedConditions.elementToBeClickable(link)).click();
                break;
            } catch (TimeoutException stillLoading) {
                if (attempt == 3) {
                    save(screenshots, "failed-" + System.currentTimeMillis());
                    throw new TimeoutException("at " + browser.getCurrentUrl() + ": " + stillLoading.getMessage(),
                            stillLoading);
                }
            }
        }
        return visible(By.xpath("//*[contains(@class,'tasks-list')]//h4[contains(@class,'task')]/a[contains(., '" + text
                + "')]"));
    }

    /** Claims the task open in Tasklist, unless it is assigned to the person already, and waits for its Camunda form. */
    public void claimTask() {
        By claim = By.xpath("//a[normalize-space(.)='Claim'] | //button[normalize-space(.)='Claim']");
        By form = By.cssSelector(".fjs-container");
        // Tasklist shows an unclaimed task's form too, under the task's header that offers the claim
        visible(form);
        if (browser.findElements(claim).stream().anyMatch(WebElement::isDisplayed)) {
            clickable(claim).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));
        }
        try {
            visible(form);
        } catch (TimeoutException e) {
            screenshot("form-missing");
            throw e;
        }
    }

    /** Completes the task open in Tasklist with its form. */
    public void completeTask() {
        click(clickable(By.cssSelector("button[ng-click='complete()']")));
    }

    /** Clicks an element after scrolling it to the middle, clear of Tasklist's header and footer. */
    public void click(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    /** Waits until no task whose name contains the text is listed any more. */
    public void awaitGoneFromList(String text) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.xpath("//*[contains(@class,'tasks-list')]//li[contains(., '" + text + "')]")));
    }

    /** Signs out of a Camunda webapp by dropping the session, so that the next sign-in is another person's. */
    public void signOut() {
        browser.manage().deleteAllCookies();
        // Tasklist and Cockpit keep the signed-in user in the open page: leave it, so that the next sign-in loads the
        // application afresh (opening its address again would only change the fragment and keep the page)
        browser.get("about:blank");
    }

    private void save(Path folder, String name) {
        try {
            Files.createDirectories(folder);
            Files.move(browser.getScreenshotAs(OutputType.FILE).toPath(), folder.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
