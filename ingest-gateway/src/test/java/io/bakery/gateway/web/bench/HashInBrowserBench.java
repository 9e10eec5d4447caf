package io.bakery.gateway.web.bench;

import io.bakery.gateway.web.WebRoutes;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.normalize.Sha256;
import io.javalin.Javalin;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Bench (bench/hash-in-browser-1m.sh): a CSV of N rows with three identifiers (email, phone, address) checked by
 * the onboarding page in headless Chromium, i.e. streamed, normalized and SHA-256 hashed by the page's Web Worker.
 * The time is the worker's own (file read to report), printed with rows/s; no broker is needed for this pass.
 */
public final class HashInBrowserBench {

    private HashInBrowserBench() {}

    public static void main(final String[] args) throws Exception {
        final int rows = Integer.getInteger("bench.rows", 1_000_000);
        final Path dir = Path.of(System.getProperty("bench.dir", "/tmp/bakery-bench-hash"));
        Files.createDirectories(dir);
        final Path csv = dir.resolve("crm-" + rows + ".csv");
        write(csv, rows);
        System.out.printf("file: %s, %d rows, %.1f MB%n", csv, rows, Files.size(csv) / 1e6);

        final BakeryConfig config = BakeryConfig.parse("""
                clients:
                  - id: bench
                    dmp: tealium
                    partners: [bench-tealium]
                    phoneCountry: NL
                    apiKeys:
                      - {id: bench, sha256: %s, scopes: [upload, read]}
                """.formatted(Sha256.hex("bench-key")), Map.of());
        // No broker: the dashboard's topic reader just waits; the page's check pass needs none.
        final WebRoutes web = new WebRoutes(config, "127.0.0.1:1");
        final Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            web.register(c);
        }).start("127.0.0.1", 0);
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("bakery.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--disable-background-networking", "--disable-component-update");
        final ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("bakery.chromedriver", "/usr/bin/chromedriver"))
                        .toFile()).usingAnyFreePort().withSilent(true).build(), options);
        try {
            browser.get("http://127.0.0.1:" + app.port() + "/onboarding");
            browser.findElement(By.id("api-key")).sendKeys("bench-key");
            browser.findElement(By.id("key-submit")).click();
            final ConditionFactory wait = Awaitility.await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(100));
            wait.until(() -> browser.findElement(By.id("step-file")).isDisplayed());
            browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
            wait.until(() -> browser.findElement(By.id("check")).isDisplayed());
            final long started = System.nanoTime();
            browser.findElement(By.id("check")).click();
            wait.until(() -> browser.findElement(By.id("file-status")).getText().startsWith("Checked"));
            final double wall = (System.nanoTime() - started) / 1e9;
            final String status = browser.findElement(By.id("file-status")).getText();
            final Matcher m = Pattern.compile("Checked ([0-9,]+) rows in ([0-9.]+) s").matcher(status);
            if (!m.find()) {
                throw new IllegalStateException("unexpected status: " + status);
            }
            final long checked = Long.parseLong(m.group(1).replace(",", ""));
            final double seconds = Double.parseDouble(m.group(2));
            System.out.println("page: " + status);
            System.out.println("records to send: " + browser.findElement(By.id("preview-accepted")).getText());
            System.out.printf("worker time: %.1f s, %.0f rows/s (wall clock incl. page round trips: %.1f s)%n",
                    seconds, checked / seconds, wall);
            System.out.println(seconds <= 15.0 ? "target <= 15 s: met" : "target <= 15 s: NOT met");
        } finally {
            browser.quit();
            app.stop();
            web.close();
        }
    }

    /** Rows like a CRM export: id, email, phone (national and international forms), NL address, a name. */
    private static void write(final Path csv, final int rows) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("customer_id,email,phone,country,postcode,house_number,addition,name\n");
            for (int i = 0; i < rows; i++) {
                final String digits = String.format("%07d", i % 10_000_000);
                out.write("C" + i + ",");
                out.write(i % 2 == 0 ? "First.Last" + i + "@Example.com," : " someone+" + i + "@gmail.com ,");
                out.write(i % 2 == 0 ? "06 1" + digits + "," : "+31 6 2" + digits + ",");
                out.write("NL," + (1000 + i % 9000) + " " + (char) ('A' + i % 26) + (char) ('A' + (i / 26) % 26)
                        + "," + (1 + i % 300) + "," + (i % 7 == 3 ? "b" : "") + ",Person " + i + "\n");
            }
        }
    }
}
