package io.bakery.gateway.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both at fixed paths: Selenium is given the
 * driver and the browser explicitly, so it never tries to download either (no Selenium Manager, no network).
 * Missing browser or driver fails the test with the fix, never skips it.
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of(System.getProperty("bakery.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("bakery.chromedriver", "/usr/bin/chromedriver"));
    /** Where screenshots are kept as test artifacts. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private HeadlessChromium() {}

    /** A new headless browser with a 1280x1000 window. */
    static ChromeDriver start() {
        for (final Path executable : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException(executable + " is missing: the browser tests need Debian's chromium"
                        + " and chromium-driver; .ci/run installs them (apt-get install -y chromium chromium-driver)");
            }
        }
        // Selenium's own telemetry and its driver download stay off.
        System.setProperty("SE_AVOID_STATS", "true");
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The page's console, for failure messages.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--lang=en-US");
        final ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        return driver;
    }

    /** What the page wrote to its console so far (errors included), one line per entry. */
    static String console(final ChromeDriver driver) {
        final StringBuilder out = new StringBuilder();
        driver.manage().logs().get("browser").forEach(entry -> out.append(entry.getLevel()).append(' ')
                .append(entry.getMessage()).append('\n'));
        return out.toString();
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    static Path screenshot(final ChromeDriver driver, final String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        final Path target = SCREENSHOTS.resolve(name + ".png");
        final File taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(taken.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
