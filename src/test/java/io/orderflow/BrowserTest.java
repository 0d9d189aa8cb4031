package io.orderflow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test that drives headless Chromium against the application: skipped where Chromium is not installed, the browser
 * (started by the test, see {@link Chromium#start}) closed after each test.
 */
public abstract class BrowserTest extends IntegrationTest {

    protected Chromium chromium;

    @BeforeAll
    static void chromiumIsInstalled() {
        Chromium.assumeInstalled();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }
}
