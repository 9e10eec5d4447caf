package io.bakery.gateway.http;

import static io.bakery.gateway.http.PixelFixtures.BAKERY_ID;
import static io.bakery.gateway.http.PixelFixtures.bakeryCookie;
import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.kafka.RecordingSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.gateway.optout.OptOutCookie;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.LinkOp;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityPixelControllerTest {

    private static final String EMAIL = "a".repeat(64);
    private static final String PHONE = "B".repeat(64);

    private final RecordingSink sink = new RecordingSink();

    private Response get(final String query, final String cookie) {
        final Response[] response = new Response[1];
        JavalinTest.test(PixelFixtures.app(sink, new GatewayMetrics()), (server, client) ->
                response[0] = client.get(IdentityPixelController.PATH + "?" + query, request -> {
                    if (cookie != null) {
                        request.header("Cookie", cookie);
                    }
                }));
        return response[0];
    }

    @Test
    void shouldPublishOneLinkPerIdentifierKeyedByTypeAndHash() {
        final Response response = get("email_sha256=" + EMAIL + "&phone_sha256=" + PHONE, bakeryCookie(BAKERY_ID));

        assertThat(response.code()).isEqualTo(200);
        assertThat(sink.keys(Topics.IDENTITY_LINKS)).containsExactly(
                new IdentifierKey(IdentifierType.EMAIL_SHA256, EMAIL),
                new IdentifierKey(IdentifierType.PHONE_SHA256, PHONE.toLowerCase()));
        final List<IdentityLink> links = sink.values(Topics.IDENTITY_LINKS);
        assertThat(links).allSatisfy(link -> {
            assertThat(link.getBakeryId()).isEqualTo(BAKERY_ID);
            assertThat(link.getOp()).isEqualTo(LinkOp.ADD);
            assertThat(link.getSource()).isEqualTo("identity-pixel");
            assertThat(link.getIdentifier().getSpecVersion()).isEqualTo(1);
        });
        assertThat(links.get(0).getEventId()).isNotEqualTo(links.get(1).getEventId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "email_sha256=abc",
            "phone_sha256=gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg",
            "address_sha256=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "email_sha256=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&gdpr=7"})
    void shouldRefuseWithStatusAndReasonAndStoreNothingWhenAnIdentifierIsBad(final String query) {
        final Response response = get(query, bakeryCookie(BAKERY_ID));

        assertThat(response.code()).isEqualTo(400);
        assertThat(response.body().string()).matches("(email_sha256|phone_sha256|address_sha256|gdpr): .+");
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void shouldStoreNothingButSetACookieWhenTheBrowserHasNoBakeryId() {
        final Response response = get("email_sha256=" + EMAIL, null);

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.headers().get("Set-Cookie")).singleElement().asString().startsWith("bkry=1.k1.");
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void shouldStoreNothingWhenConsentIsMissing() {
        final Response response = get("email_sha256=" + EMAIL + "&gdpr=1", bakeryCookie(BAKERY_ID));

        assertThat(response.code()).isEqualTo(200);
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void shouldStoreNothingWhenTheBrowserOptedOut() {
        get("email_sha256=" + EMAIL, bakeryCookie(BAKERY_ID) + "; " + OptOutCookie.NAME + "=1");

        assertThat(sink.events()).isEmpty();
    }
}
