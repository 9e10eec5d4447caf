package io.bakery.gateway.http;

import static io.bakery.gateway.http.PixelFixtures.BAKERY_ID;
import static io.bakery.gateway.http.PixelFixtures.bakeryCookie;
import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.kafka.RecordingSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ErasureKind;
import io.bakery.schemas.avro.ErasureSubject;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Test;

class OptOutControllerTest {

    private final RecordingSink sink = new RecordingSink();

    private Response optOut(final String cookie) {
        final Response[] response = new Response[1];
        JavalinTest.test(PixelFixtures.app(sink, new GatewayMetrics()), (server, client) ->
                response[0] = client.get(OptOutController.PATH, request -> {
                    if (cookie != null) {
                        request.header("Cookie", cookie);
                    }
                }));
        return response[0];
    }

    @Test
    void shouldEmitAnErasureOfTheBakeryIdWhenTheBrowserHasOne() {
        final Response response = optOut(bakeryCookie(BAKERY_ID));

        assertThat(response.code()).isEqualTo(200);
        final ErasureSubject subject = new ErasureSubject(ErasureKind.BAKERY_ID, null, null, BAKERY_ID);
        assertThat(sink.keys(Topics.ERASURES)).containsExactly(subject);
        assertThat(sink.values(Topics.ERASURES)).singleElement().satisfies(erasure -> {
            assertThat(erasure.getSubject()).isEqualTo(subject);
            assertThat(erasure.getReason()).isEqualTo("opt-out");
            assertThat(erasure.getRequestId()).isNotBlank();
        });
    }

    @Test
    void shouldSetTheOptOutCookieAndExpireTheIdCookie() {
        final Response response = optOut(bakeryCookie(BAKERY_ID));

        assertThat(response.headers().get("Set-Cookie")).hasSize(2).anySatisfy(cookie ->
                assertThat(cookie).startsWith("bkry_optout=1;").contains("Secure", "SameSite=None"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("bkry=;").contains("Max-Age=0"));
    }

    @Test
    void shouldSetTheOptOutCookieAndEmitNothingWhenTheBrowserHasNoId() {
        final Response response = optOut(null);

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.headers().get("Set-Cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("bkry_optout=1;"));
        assertThat(sink.events()).isEmpty();
    }
}
