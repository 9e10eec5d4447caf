package io.bakery.gateway.http;

import static io.bakery.gateway.http.PixelFixtures.BAKERY_ID;
import static io.bakery.gateway.http.PixelFixtures.SNOWPLOW_ID;
import static io.bakery.gateway.http.PixelFixtures.TEALIUM_ID;
import static io.bakery.gateway.http.PixelFixtures.VENDOR_ID;
import static io.bakery.gateway.http.PixelFixtures.bakeryCookie;
import static io.bakery.gateway.http.PixelFixtures.tcString;
import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.kafka.RecordingSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.gateway.optout.OptOutCookie;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ConsentDecision;
import io.bakery.schemas.avro.SyncEvent;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SyncPixelControllerTest {

    private static final String PATH = SyncPixelController.PATH;

    private final RecordingSink sink = new RecordingSink();
    private final GatewayMetrics metrics = new GatewayMetrics();

    private interface Scenario {
        void run(HttpClient client) throws Exception;
    }

    private void test(final Scenario scenario) {
        JavalinTest.test(PixelFixtures.app(sink, metrics), (server, client) -> scenario.run(client));
    }

    private static Response get(final HttpClient client, final String query, final String... headers) {
        return client.get(PATH + "?" + query, request -> {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
        });
    }

    private static List<String> headers(final Response response, final String name) {
        final List<String> values = response.headers().get(name);
        return values == null ? List.of() : values;
    }

    private static String acme(final String cookieId) {
        return "partner=acme-tealium&site=news&cookieid=" + URLEncoder.encode(cookieId, StandardCharsets.UTF_8);
    }

    private static String stark(final String extra) {
        return "partner=stark-snowplow&cookieid=" + SNOWPLOW_ID + extra;
    }

    @Test
    void shouldStoreTheSyncPairWhenTheBrowserHasAValidCookie() {
        test(client -> {
            final Response response = get(client, acme(TEALIUM_ID), "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(200);
            assertThat(sink.keys(Topics.SYNC_EVENTS)).containsExactly(new ClientBakeryKey("acme", BAKERY_ID));
            final SyncEvent event = sink.values(Topics.SYNC_EVENTS).get(0);
            assertThat(event.getClientId()).isEqualTo("acme");
            assertThat(event.getPartner()).isEqualTo("acme-tealium");
            assertThat(event.getSite()).isEqualTo("news");
            assertThat(event.getDmpCookieId()).isEqualTo(TEALIUM_ID);
            assertThat(event.getBakeryId()).isEqualTo(BAKERY_ID);
            assertThat(event.getReceivedAt()).isEqualTo(PixelFixtures.NOW);
            assertThat(event.getConsent().getDecision()).isEqualTo(ConsentDecision.NOT_APPLICABLE);
            assertThat(event.getEventId()).isNotBlank();
        });
    }

    @Test
    void shouldAnswerANonCacheable43ByteGifWhenStored() {
        test(client -> {
            final Response response = get(client, acme(TEALIUM_ID), "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(headers(response, "Content-Type")).containsExactly("image/gif");
            assertThat(headers(response, "Content-Length")).containsExactly("43");
            assertThat(headers(response, "Cache-Control")).containsExactly("no-cache, no-store, must-revalidate");
            assertThat(headers(response, "Pragma")).containsExactly("no-cache");
            assertThat(headers(response, "Expires")).containsExactly("0");
        });
    }

    @Test
    void shouldReSetTheCookieWithSlidingMaxAgeAndSafeAttributesWhenStored() {
        test(client -> {
            final Response response = get(client, acme(TEALIUM_ID), "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(headers(response, "Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                    .startsWith("bkry=" + PixelFixtures.COOKIES.encode(BAKERY_ID))
                    .contains("Max-Age=34214400", "Path=/", "Domain=bakery.example", "Secure", "HttpOnly",
                            "SameSite=None"));
        });
    }

    @Test
    void shouldGiveEveryStoredHitItsOwnEventId() {
        test(client -> {
            get(client, acme(TEALIUM_ID), "Cookie", bakeryCookie(BAKERY_ID));
            get(client, acme(TEALIUM_ID), "Cookie", bakeryCookie(BAKERY_ID));

            final List<SyncEvent> events = sink.values(Topics.SYNC_EVENTS);
            assertThat(events).hasSize(2);
            assertThat(events.get(0).getEventId()).isNotEqualTo(events.get(1).getEventId());
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cookieid=" + TEALIUM_ID + "|partner: is required",
            "partner=&cookieid=" + TEALIUM_ID + "|partner: is required",
            "partner=nobody&cookieid=" + TEALIUM_ID + "|partner: is not a configured partner",
            "partner=acme-tealium|cookieid: is required",
            "partner=acme-tealium&cookieid=|cookieid: is required",
            "partner=acme-tealium&cookieid=%24%7BUID%7D|cookieid: holds an unresolved macro",
            "partner=acme-tealium&cookieid=%5BUID%5D|cookieid: holds an unresolved macro",
            "partner=acme-tealium&cookieid=%25%25UID%25%25|cookieid: holds an unresolved macro",
            "partner=acme-tealium&cookieid=%40%40tealium_visitor_id%40%40|cookieid: holds an unresolved macro",
            "partner=acme-tealium&cookieid=%7B%7Buid%7D%7D|cookieid: holds an unresolved macro",
            "partner=acme-tealium&cookieid=__UID__|cookieid: holds an unresolved macro",
            "partner=acme-tealium&cookieid=%24UID|cookieid: holds an unresolved macro",
            "partner=acme-tealium&cookieid=0|cookieid: is a placeholder value",
            "partner=acme-tealium&cookieid=null|cookieid: is a placeholder value",
            "partner=acme-tealium&cookieid=undefined|cookieid: is a placeholder value",
            "partner=acme-tealium&cookieid=00000000000000000000000000000000|cookieid: is a placeholder value",
            "partner=acme-tealium&cookieid=not-a-tealium-id|cookieid: not a tealium cookie id",
            "partner=stark-snowplow&cookieid=" + TEALIUM_ID + "|cookieid: not a snowplow cookie id",
            "partner=acme-tealium&cookieid=" + TEALIUM_ID + "&read=yes|read: must be 'true' or 'false'",
            "partner=acme-tealium&cookieid=" + TEALIUM_ID + "&f=x|f: must be 'i' (image) or 'b' (blank)",
            "partner=acme-tealium&cookieid=" + TEALIUM_ID + "&site=|site: must be 1 to 128 printable characters",
            "partner=acme-tealium&cookieid=" + TEALIUM_ID + "&site=a%0Ab|site: must be 1 to 128 printable",
            "partner=acme-tealium&cookieid=" + TEALIUM_ID + "&gdpr=2|gdpr: must be 0 or 1"
    })
    void shouldRefuseWithStatusAndReasonAndStoreNothingWhenAParameterIsBad(final String query, final String reason) {
        test(client -> {
            final Response response = get(client, query, "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(400);
            assertThat(response.body().string()).startsWith(reason);
            assertThat(headers(response, "Set-Cookie")).isEmpty();
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldRefuseACookieIdLongerThan256Characters() {
        test(client -> {
            final Response response = get(client, "partner=hooli&cookieid=" + "a".repeat(257));

            assertThat(response.code()).isEqualTo(400);
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldRefuseASiteLongerThan128Characters() {
        test(client -> {
            final Response response = get(client, "partner=acme-tealium&cookieid=" + TEALIUM_ID + "&site=" + "x".repeat(129), "Cookie",
                    bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(400);
            assertThat(response.body().string()).startsWith("site:");
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldAnswer204WhenBlankFormatIsAsked() {
        test(client -> {
            final Response response = get(client, acme(TEALIUM_ID) + "&f=b", "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(204);
            assertThat(response.body().string()).isEmpty();
            assertThat(sink.events()).hasSize(1);
        });
    }

    @Test
    void shouldRedirectToTheConfiguredCallbackWithOurIdWhenReadIsTrue() {
        test(client -> {
            final Response response = get(client, acme(TEALIUM_ID) + "&read=true", "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(302);
            assertThat(headers(response, "Location")).containsExactly("https://dmp.example/sync?da=" + BAKERY_ID);
            assertThat(sink.events()).hasSize(1);
        });
    }

    @Test
    void shouldServeThePixelInsteadOfRedirectingWhenTheClientHasNoCallback() {
        test(client -> {
            final Response response = get(client, stark("&read=true&redirect=https://evil.example/"), "Cookie",
                    bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(200);
            assertThat(headers(response, "Location")).isEmpty();
        });
    }

    @Test
    void shouldBounceToItselfWithAMarkerAndACookieWhenTheFirstHitHasNoCookie() {
        test(client -> {
            final Response response = get(client, acme(TEALIUM_ID));

            assertThat(response.code()).isEqualTo(302);
            assertThat(headers(response, "Location")).containsExactly(PATH + "?" + acme(TEALIUM_ID) + "&bkb=1");
            assertThat(headers(response, "Set-Cookie")).singleElement().asString().startsWith("bkry=1.k1.");
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldStoreWithTheBouncedIdWhenTheCookieCameBack() {
        test(client -> {
            final Response bounce = get(client, acme(TEALIUM_ID));
            final String cookie = headers(bounce, "Set-Cookie").get(0).split(";")[0];

            final Response back = get(client, acme(TEALIUM_ID) + "&bkb=1", "Cookie", cookie);

            assertThat(back.code()).isEqualTo(200);
            final String bouncedId = cookie.split("\\.")[2];
            assertThat(sink.values(Topics.SYNC_EVENTS)).singleElement()
                    .satisfies(event -> assertThat(event.getBakeryId()).isEqualTo(bouncedId));
        });
    }

    @Test
    void shouldStoreNothingAndCountWhenTheBounceCameBackWithoutTheCookie() {
        test(client -> {
            final Response back = get(client, acme(TEALIUM_ID) + "&bkb=1");

            assertThat(back.code()).isEqualTo(200);
            assertThat(sink.events()).isEmpty();
            assertThat(metrics.registry().get(io.bakery.gateway.metrics.GatewayMetrics.NO_THIRD_PARTY_COOKIE)
                    .tag("client", "acme").counter().count()).isEqualTo(1.0);
        });
    }

    @Test
    void shouldTreatAnEditedCookieAsAbsent() {
        final String edited = bakeryCookie(BAKERY_ID).replace(BAKERY_ID, "f" + BAKERY_ID.substring(1));
        test(client -> {
            final Response response = get(client, acme(TEALIUM_ID), "Cookie", edited);

            assertThat(response.code()).isEqualTo(302);
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldIssueANewIdAndStoreWhenTheClientDoesNotBounce() {
        test(client -> {
            final Response response = get(client, stark(""));

            assertThat(response.code()).isEqualTo(200);
            final String issued = headers(response, "Set-Cookie").get(0).split(";")[0].split("\\.")[2];
            assertThat(sink.values(Topics.SYNC_EVENTS)).singleElement()
                    .satisfies(event -> assertThat(event.getBakeryId()).isEqualTo(issued));
        });
    }

    @Test
    void shouldNeverTakeTheBakeryIdFromAParameter() {
        test(client -> {
            get(client, stark("&bkry=" + PixelFixtures.COOKIES.encode(BAKERY_ID) + "&bakeryid=" + BAKERY_ID));

            assertThat(sink.values(Topics.SYNC_EVENTS)).singleElement()
                    .satisfies(event -> assertThat(event.getBakeryId()).isNotEqualTo(BAKERY_ID));
        });
    }

    @Test
    void shouldStoreWithGrantedConsentWhenTheTcStringGrantsPurposeOneAndOurVendor() {
        test(client -> {
            final Response response = get(client, stark("&gdpr=1&gdpr_consent=" + tcString(1, VENDOR_ID)),
                    "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(200);
            assertThat(sink.values(Topics.SYNC_EVENTS)).singleElement().satisfies(event -> {
                assertThat(event.getConsent().getDecision()).isEqualTo(ConsentDecision.GRANTED);
                assertThat(event.getConsent().getGdprApplies()).isTrue();
                assertThat(event.getConsent().getTcfPurposeOneConsent()).isTrue();
                assertThat(event.getConsent().getTcfVendorConsent()).isTrue();
            });
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"&gdpr=1", "&gdpr=1&gdpr_consent=not-a-consent-string", "&gdpr=1&gdpr_consent=TC2",
            "&us_privacy=1YYN", "&us_privacy=garbage"})
    void shouldServeThePixelButStoreNothingAndSetNoCookieWhenConsentIsMissing(final String consent) {
        test(client -> {
            final Response response = get(client, stark(consent), "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(200);
            assertThat(headers(response, "Content-Type")).containsExactly("image/gif");
            assertThat(headers(response, "Set-Cookie")).isEmpty();
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldStoreNothingWhenTheConsentStringLacksOurVendor() {
        test(client -> {
            get(client, stark("&gdpr=1&gdpr_consent=" + tcString(1, VENDOR_ID + 1)), "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(sink.events()).isEmpty();
            assertThat(metrics.registry().get(GatewayMetrics.CONSENT_BLOCKED).tag("reason", "tcf_no_vendor_consent")
                    .counter().count()).isEqualTo(1.0);
        });
    }

    @Test
    void shouldStoreNothingWhenTheBrowserSendsGlobalPrivacyControl() {
        test(client -> {
            get(client, stark(""), "Cookie", bakeryCookie(BAKERY_ID), "Sec-GPC", "1");

            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldStoreNothingWhenTheBrowserOptedOut() {
        test(client -> {
            final Response response = get(client, stark(""), "Cookie",
                    bakeryCookie(BAKERY_ID) + "; " + OptOutCookie.NAME + "=1");

            assertThat(response.code()).isEqualTo(200);
            assertThat(headers(response, "Set-Cookie")).isEmpty();
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldAnswer503WhenTheEventCannotBeMadeDurable() {
        sink.failFromNowOn();
        test(client -> {
            final Response response = get(client, stark(""), "Cookie", bakeryCookie(BAKERY_ID));

            assertThat(response.code()).isEqualTo(503);
        });
    }

    @Test
    void shouldAnswerHeadWithThePixelHeadersAndStoreNothing() {
        JavalinTest.test(PixelFixtures.app(sink, metrics), (server, client) -> {
            final HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(client.getOrigin() + PATH + "?" + stark("")))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("image/gif");
            assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldDisallowAllCrawlersInRobotsTxt() {
        test(client -> {
            final Response response = client.get("/robots.txt");

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("User-agent: *\nDisallow: /\n");
        });
    }

    @Test
    void shouldStoreButCountAsLenientWhenTheCookieIdHasOnlyTheLenientShape() {
        test(client -> {
            // Tealium's strict shape is 45 lower-case hex (web) or 32 hex (mobile); 40 hex is only lenient.
            final String lenientOnly = "0123456789abcdef0123456789abcdef01234567";
            assertThat(get(client, acme(lenientOnly), "Cookie", bakeryCookie(BAKERY_ID)).code()).isEqualTo(200);
            assertThat(get(client, acme(TEALIUM_ID), "Cookie", bakeryCookie(BAKERY_ID)).code()).isEqualTo(200);

            assertThat(sink.events()).hasSize(2);
            assertThat(metrics.registry().get(GatewayMetrics.COOKIE_ID_LENIENT).tag("client", "acme").counter()
                    .count()).isEqualTo(1.0);
        });
    }

    @Test
    void shouldCountHitsByClientPartnerAndOutcomeInMetrics() {
        test(client -> {
            get(client, acme(TEALIUM_ID), "Cookie", bakeryCookie(BAKERY_ID));

            final String scrape = client.get("/metrics").body().string();

            assertThat(scrape).contains("bakery_gateway_hits_total{client=\"acme\",endpoint=\"sync\","
                    + "outcome=\"stored\",partner=\"acme-tealium\"} 1.0");
            assertThat(scrape).contains("bakery_gateway_request_duration_seconds_bucket");
            assertThat(scrape).doesNotContain(TEALIUM_ID).doesNotContain(BAKERY_ID);
        });
    }
}
