package io.bakery.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bakery.gateway.kafka.RecordingSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.javalin.testtools.JavalinTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every log line a pixel hit causes, access log included at DEBUG, is free of cookie ids and Bakery ids. */
class AccessLogTest {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger access = (Logger) LoggerFactory.getLogger("io.bakery.gateway.access");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level accessLevelBefore;

    @BeforeEach
    void captureEveryLogLine() {
        accessLevelBefore = access.getLevel();
        access.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(captured);
        access.setLevel(accessLevelBefore);
    }

    @Test
    void shouldLogThePathButNoCookieIdOrBakeryIdWhenAPixelIsServed() {
        final RecordingSink sink = new RecordingSink();
        final String cookie = PixelFixtures.bakeryCookie(PixelFixtures.BAKERY_ID);

        JavalinTest.test(PixelFixtures.app(sink, new GatewayMetrics()), (server, client) -> {
            client.get(SyncPixelController.PATH + "?partner=acme-tealium&cookieid=" + PixelFixtures.TEALIUM_ID
                    + "&site=shop", request -> request.header("Cookie", cookie));
        });

        final List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(sink.events()).as("the hit was stored, so the whole path ran").isNotEmpty();
        assertThat(lines).anyMatch(line -> line.contains(SyncPixelController.PATH));
        assertThat(lines).noneMatch(line -> line.contains(PixelFixtures.TEALIUM_ID))
                .noneMatch(line -> line.contains(PixelFixtures.BAKERY_ID))
                .noneMatch(line -> line.contains(cookie.substring(cookie.indexOf('=') + 1)));
    }
}
