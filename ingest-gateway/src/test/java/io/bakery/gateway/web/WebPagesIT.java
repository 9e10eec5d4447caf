package io.bakery.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.bakery.gateway.GatewayApp;
import io.bakery.gateway.GatewaySettings;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.DeliveryState;
import io.bakery.schemas.avro.ExportDelivery;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.normalize.NormalizationSpec;
import io.bakery.schemas.normalize.PhoneNormalizer;
import io.bakery.schemas.normalize.Sha256;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The onboarding page and the dashboard in real headless Chromium, on a real GatewayApp and a real broker, behind
 * a proxy that records every request the page sends: the JavaScript normalizer against the shared vectors and
 * against the server's libphonenumber, a 50k-row file end to end, no plaintext on the wire, a reload halfway, and
 * screenshots of both pages under {@code target/screenshots/}.
 */
@Timeout(600)
class WebPagesIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    static Path dataDir;

    static final String CONFIG = """
            clients:
              - id: acme
                dmp: tealium
                partners: [acme-tealium]
                phoneCountry: NL
                apiKeys:
                  - {id: acme-up, sha256: %s, scopes: [upload, read]}
              - id: globex
                dmp: selligent
                partners: [globex-selligent]
                phoneCountry: NL
                apiKeys:
                  - {id: globex-up, sha256: %s, scopes: [upload, read]}
              - id: initech
                dmp: supermetrics
                partners: [initech-supermetrics]
                phoneCountry: NL
                apiKeys:
                  - {id: initech-up, sha256: %s, scopes: [upload, read]}
            """.formatted(Sha256.hex("acme-key"), Sha256.hex("globex-key"), Sha256.hex("initech-key"));

    private static GatewayApp gateway;
    private static CapturingProxy proxy;
    private ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        KAFKA.createTopics(Topics.ALL);
        gateway = GatewayApp.start(new GatewaySettings("127.0.0.1", 0, KAFKA.bootstrapServers(),
                dataDir.resolve("gateway"), BakeryConfig.parse(CONFIG, Map.of())));
        proxy = CapturingProxy.to(gateway.port());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        gateway.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void shouldPassEverySharedVectorWhenTheJavaScriptNormalizerRunsInChromium() throws Exception {
        final String vectors;
        try (InputStream in = NormalizationSpec.class.getResourceAsStream(NormalizationSpec.VECTORS_RESOURCE)) {
            vectors = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        browser.get(proxy.url() + "/onboarding");

        @SuppressWarnings("unchecked")
        final Map<String, Object> result = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const vectors = JSON.parse(arguments[0]);
                fetch('/web/phone-metadata.json').then((r) => r.json()).then((metadata) => {
                  const N = self.BakeryNormalize;
                  N.setPhoneMetadata(metadata);
                  const failures = [];
                  for (const c of vectors.cases) {
                    let r;
                    if (c.kind === 'email') r = N.email(c.input);
                    else if (c.kind === 'email_canonical') r = N.emailCanonical(c.input);
                    else if (c.kind === 'phone') r = N.phoneNormalizer(c.country)(c.input);
                    else if (c.kind === 'address') r = N.addressNormalizer(c.country)(c.input);
                    else if (c.kind === 'hash') r = N.canonicalHash(c.input);
                    else { failures.push(c.id + ': unknown kind ' + c.kind); continue; }
                    const good = c.expected !== undefined
                      ? r.value === c.expected && (c.sha256 === undefined || N.sha256Hex(r.value) === c.sha256)
                      : r.rejection === c.rejected;
                    if (!good) failures.push(c.id + ': got ' + JSON.stringify(r));
                  }
                  done({ checked: vectors.cases.length, failures: failures, library: metadata.library });
                }).catch((e) => done({ checked: 0, failures: [String(e)] }));
                """, vectors);

        assertThat((List<?>) result.get("failures")).isEmpty();
        assertThat(((Number) result.get("checked")).intValue()).isEqualTo(152);
        assertThat(result.get("library")).isEqualTo("libphonenumber " + libphonenumberVersion());
    }

    @Test
    void shouldNormalizePhonesAsTheServerDoesWhenGivenExampleNumbersOfEveryRegionInManyForms() throws Exception {
        final List<String[]> cases = phoneCorpus();
        browser.get(proxy.url() + "/onboarding");

        @SuppressWarnings("unchecked")
        final List<String> results = (List<String>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const cases = JSON.parse(arguments[0]);
                fetch('/web/phone-metadata.json').then((r) => r.json()).then((metadata) => {
                  const N = self.BakeryNormalize;
                  N.setPhoneMetadata(metadata);
                  done(cases.map((c) => { const r = N.phoneNormalizer(c[1])(c[0]); return r.value || r.rejection; }));
                });
                """, toJson(cases));

        final List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            final String java = javaPhone(cases.get(i)[0], cases.get(i)[1]);
            if (!java.equals(results.get(i))) {
                mismatches.add(cases.get(i)[1] + " '" + cases.get(i)[0] + "': java " + java + ", js " + results.get(i));
            }
        }
        assertThat(cases).hasSizeGreaterThan(2000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void shouldStoreExactlyWhatTheFileHoldsWhenA50kRowFileGoesThroughThePage() throws Exception {
        final PlaintextCrmFile file = PlaintextCrmFile.write(dataDir.resolve("acme-50k.csv"), "acme-", 50_000);

        final OnboardingPage page = OnboardingPage.open(browser, proxy.url(), "acme-key");
        page.choose(file.path);
        page.check();

        assertThat(page.number("preview-rows")).isEqualTo(file.dataRows);
        assertThat(page.number("preview-accepted")).isEqualTo(file.expected.size());
        file.rejectedByReason.forEach((reason, count) ->
                assertThat(page.number("preview-reason-" + reason)).as(reason).isEqualTo(count));
        page.upload();
        page.awaitReport();

        assertThat(page.number("report-accepted")).isEqualTo(file.expected.size());
        assertThat(page.number("report-rejected")).isZero();
        file.identifiersByType.forEach((type, count) ->
                assertThat(page.number("report-" + type)).as(type).isEqualTo(count));
        final String sessionId = page.text("report-upload-id");
        assertThat(recordsOfSession("acme", "acme-key", sessionId)).isEqualTo(file.expected);
        HeadlessChromium.screenshot(browser, "onboarding-report");
    }

    @Test
    void shouldSendNoPlaintextEmailOrPhoneWhenTheFileIsUploaded() throws Exception {
        final PlaintextCrmFile file = PlaintextCrmFile.write(dataDir.resolve("globex-5k.csv"), "globex-", 5_000);
        proxy.clear();

        final OnboardingPage page = OnboardingPage.open(browser, proxy.url(), "globex-key");
        page.choose(file.path);
        page.check();
        page.upload();
        page.awaitReport();

        final List<CapturingProxy.Captured> sent = proxy.captured();
        final String everything = sent.stream()
                .map(c -> c.path() + "\n" + new String(c.body(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("\n"));
        assertThat(sent.stream().filter(c -> c.path().contains("/uploads?")).count()).isPositive();
        assertThat(everything).doesNotContain("@");
        final Set<String> cells = new HashSet<>(List.of(everything.split("[,\\n\\r\"?&=/]")));
        final List<String> leaked = new ArrayList<>();
        for (final String email : file.emails) {
            if (cells.contains(email) || cells.contains(email.toLowerCase())) {
                leaked.add(email);
            }
        }
        final PhoneNormalizer phones = new PhoneNormalizer(PlaintextCrmFile.COUNTRY);
        for (final String phone : file.phones) {
            final String digits = phones.normalize(phone).value();
            if (everything.contains(phone) || (digits != null && everything.contains(digits))) {
                leaked.add(phone);
            }
        }
        assertThat(leaked).isEmpty();
    }

    @Test
    void shouldResumeWithoutDuplicatingRowsWhenThePageIsReloadedHalfway() throws Exception {
        final PlaintextCrmFile file = PlaintextCrmFile.write(dataDir.resolve("initech-20k.csv"), "initech-", 20_000);
        proxy.clear();
        // Part 2 of 5 is committed by the gateway but its answer never reaches the page: the page must send it
        // again after the reload, and the Idempotency-Key must keep that from storing anything twice.
        proxy.swallowAnswerOfPart(2);

        OnboardingPage page = OnboardingPage.open(browser, proxy.url() + "/onboarding?partRows=4000", "initech-key");
        page.choose(file.path);
        page.check();
        page.upload();
        assertThat(proxy.awaitSwallowed(Duration.ofMinutes(2))).isTrue();
        browser.navigate().refresh();
        proxy.release();

        page = OnboardingPage.resumed(browser);
        assertThat(page.text("resume-note")).contains("stopped after 2 of 5 parts");
        page.choose(file.path);
        page.check();
        page.upload();
        page.awaitReport();

        assertThat(page.number("report-accepted")).isEqualTo(file.expected.size());
        final String sessionId = page.text("report-upload-id");
        final List<ConsumerRecord<ClientRecordKey, CrmRecord>> landed = KAFKA.client().readAllSettled(Topics.CRM_RECORDS)
                .stream().filter(r -> r.key().getClientId().equals("initech") && !r.key().getRecordId().isEmpty())
                .toList();
        assertThat(landed).hasSize(file.expected.size());
        assertThat(landed.stream().map(r -> r.key().getRecordId()).distinct().count()).isEqualTo(file.expected.size());
        assertThat(recordsOfSession("initech", "initech-key", sessionId)).isEqualTo(file.expected);
        final List<CapturingProxy.Captured> part2 = proxy.captured().stream()
                .filter(c -> c.path().contains("&part=2")).toList();
        assertThat(part2).hasSize(2);
        assertThat(part2.get(1).replayed()).isEqualTo("true");
        assertThat(proxy.captured().stream().filter(c -> c.path().contains("&part=0")).count()).isEqualTo(1);
    }

    @Test
    void shouldShowTheFunnelUploadsAndExportFilesWhenTheDashboardIsOpened() throws Exception {
        KAFKA.client().produce(Topics.CLIENT_STATS, "acme",
                new ClientStats("acme", 48_000L, 21_000L, 9_500L, 12_000L, 7_400L, Instant.now()));
        KAFKA.client().produce(Topics.EXPORT_LEDGER, new ClientDayKey("acme", "2026-11-22"),
                new ExportDelivery("acme", "2026-11-22", DeliveryState.DELIVERED, "acme/2026-11-22.csv",
                        "acme/2026-11-22.manifest.json", "ab".repeat(32), 7_400L, "/srv/exports", Instant.now()));

        browser.get(proxy.url() + "/dashboard");
        browser.findElement(By.id("api-key")).sendKeys("acme-key");
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            browser.findElement(By.id("refresh")).click();
            return browser.findElements(By.cssSelector("#funnel svg")).size() == 1
                    && browser.findElement(By.id("exports")).getText().contains("2026-11-22");
        });
        final String funnel = browser.findElement(By.id("funnel-table")).getText();
        assertThat(funnel).contains("48,000").contains("21,000").contains("9,500").contains("7,400");
        assertThat(browser.findElement(By.id("exports-table")).getText()).contains("7,400").contains("ab".repeat(32))
                .contains("delivered");
        HeadlessChromium.screenshot(browser, "dashboard");
    }

    /** The page as a person uses it, by the ids of its elements. */
    static final class OnboardingPage {
        private final ChromeDriver browser;

        private OnboardingPage(final ChromeDriver browser) {
            this.browser = browser;
        }

        static OnboardingPage open(final ChromeDriver browser, final String url, final String key) {
            browser.get(url.contains("/onboarding") ? url : url + "/onboarding");
            browser.findElement(By.id("api-key")).sendKeys(key);
            browser.findElement(By.id("key-submit")).click();
            return resumed(browser);
        }

        /** After a reload: the key is still in the tab's session storage, the page goes on by itself. */
        static OnboardingPage resumed(final ChromeDriver browser) {
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("step-file")).isDisplayed());
            return new OnboardingPage(browser);
        }

        void choose(final Path file) {
            browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("check")).isDisplayed()
                        || !text("file-status").startsWith("Reading"));
            } catch (final org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the page did not read the file: " + text("file-status") + "\n"
                        + HeadlessChromium.console(browser), e);
            }
            assertThat(browser.findElement(By.id("check")).isDisplayed())
                    .as(() -> text("file-status") + "\n" + HeadlessChromium.console(browser)).isTrue();
        }

        void check() {
            browser.findElement(By.id("check")).click();
            await().atMost(Duration.ofSeconds(120)).until(() -> browser.findElement(By.id("upload")).isDisplayed());
        }

        void upload() {
            browser.findElement(By.id("upload")).click();
        }

        void awaitReport() {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).until(() ->
                    browser.findElement(By.id("step-report")).isDisplayed()
                            || browser.findElement(By.id("progress-status")).getText().contains("refused"));
            assertThat(browser.findElement(By.id("step-report")).isDisplayed())
                    .as(browser.findElement(By.id("progress-status")).getText()).isTrue();
        }

        String text(final String id) {
            final WebElement element = browser.findElement(By.id(id));
            return element.getText().strip();
        }

        long number(final String id) {
            return Long.parseLong(text(id).split(" ")[0].replace(",", ""));
        }
    }

    /** The records on the topic written by the session's parts (as its report lists them): record id → identifiers. */
    private static Map<String, List<HashedIdentifier>> recordsOfSession(final String clientId, final String key,
                                                                        final String session) throws Exception {
        final HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + gateway.port() + "/api/v1/clients/" + clientId + "/upload-sessions/"
                                + session)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
        final JsonNode report = new ObjectMapper().readTree(status.body()).get("report");
        final Set<String> parts = new HashSet<>();
        report.get("partUploadIds").forEach(id -> parts.add(id.asText()));
        final Map<String, List<HashedIdentifier>> records = new HashMap<>();
        for (final ConsumerRecord<ClientRecordKey, CrmRecord> record : KAFKA.client().readAllSettled(Topics.CRM_RECORDS)) {
            if (record.key().getClientId().equals(clientId) && record.value() != null
                    && parts.contains(record.value().getUploadId())) {
                assertThat(records.put(record.key().getRecordId(), record.value().getIdentifiers()))
                        .as("record %s written twice", record.key().getRecordId()).isNull();
            }
        }
        return records;
    }

    // ------------------------------------------------------------------------------------- phone corpus

    /** Example numbers of every region in national, international and E.164 forms, read in several regions. */
    private static List<String[]> phoneCorpus() {
        final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        final List<String[]> cases = new ArrayList<>();
        final List<String> regions = new ArrayList<>(new TreeSet<>(util.getSupportedRegions()));
        int n = 0;
        for (final String region : regions) {
            for (final PhoneNumberUtil.PhoneNumberType type : List.of(PhoneNumberUtil.PhoneNumberType.FIXED_LINE,
                    PhoneNumberUtil.PhoneNumberType.MOBILE, PhoneNumberUtil.PhoneNumberType.TOLL_FREE)) {
                final PhoneNumber example = util.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                final String national = util.format(example, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
                final String international = util.format(example, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
                final String e164 = util.format(example, PhoneNumberUtil.PhoneNumberFormat.E164);
                final String other = regions.get((n++ * 7) % regions.size());
                cases.add(new String[] {national, region});
                cases.add(new String[] {national, other});
                cases.add(new String[] {international, other});
                cases.add(new String[] {e164.substring(1), region});
                cases.add(new String[] {"00" + e164.substring(1), region});
                cases.add(new String[] {e164 + "1", region});
                cases.add(new String[] {e164.substring(0, e164.length() - 1), region});
                cases.add(new String[] {national.replace(" ", ""), region});
                cases.add(new String[] {"(" + national + ")", region});
                cases.add(new String[] {international, ""});
            }
        }
        return cases;
    }

    private static String javaPhone(final String input, final String country) {
        final var normalized = new PhoneNormalizer(country).normalize(input);
        return normalized.isValid() ? normalized.value() : normalized.rejection().name();
    }

    private static String toJson(final List<String[]> cases) throws IOException {
        return new ObjectMapper().writeValueAsString(cases);
    }

    private static String libphonenumberVersion() throws IOException {
        try (InputStream in = PhoneNumberUtil.class.getResourceAsStream(
                "/META-INF/maven/com.googlecode.libphonenumber/libphonenumber/pom.properties")) {
            final java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }
}
