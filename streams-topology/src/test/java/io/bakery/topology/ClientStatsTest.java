package io.bakery.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.ClientStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientStatsTest {

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(TopologyFixture.settings(stateDir).withStatsInterval(Duration.ofMinutes(1)));
        // Three records: one unlinked, one linked to a Bakery id without a cookie, one matched to two cookies.
        fixture.upsert("acme", "unlinked", "nobody@example.com");
        fixture.upsert("acme", "linked", "bob@example.com");
        fixture.upsert("acme", "matched", "alice@example.com");
        fixture.link("bob@example.com", "bakery-2");
        fixture.link("alice@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.sync("acme", "bakery-1", "cookie-2");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldPublishTheClientsFunnelWhenTheStatsIntervalPasses() {
        fixture.advance(Duration.ofMinutes(1));

        assertThat(latest(fixture.clientStats())).satisfies(stats -> {
            assertThat(stats.getRecords()).isEqualTo(3);
            assertThat(stats.getRecordsLinked()).isEqualTo(2);
            assertThat(stats.getRecordsMatched()).isEqualTo(1);
            assertThat(stats.getCookiesMatched()).isEqualTo(2);
            assertThat(stats.getCookiesMatchedSeenLast24h()).isEqualTo(2);
        });
    }

    @Test
    void shouldStopCountingACookieAsSeenWhenItsLastHitIsOlderThanADay() {
        fixture.advance(Duration.ofHours(25));

        final ClientStats stats = latest(fixture.clientStats());
        assertThat(stats.getCookiesMatched()).isEqualTo(2);
        assertThat(stats.getCookiesMatchedSeenLast24h()).isZero();
    }

    @Test
    void shouldCountDownWhenARecordIsDeleted() {
        fixture.delete("acme", "matched");

        fixture.advance(Duration.ofMinutes(1));

        final ClientStats stats = latest(fixture.clientStats());
        assertThat(stats.getRecords()).isEqualTo(2);
        assertThat(stats.getRecordsMatched()).isZero();
        assertThat(stats.getCookiesMatched()).isZero();
    }

    @Test
    void shouldPublishNoMatchedCookiesWhenAClientsLastMatchedCookieGoesAfterAnInterval() {
        fixture.advance(Duration.ofMinutes(1));
        assertThat(latest(fixture.clientStats()).getCookiesMatched()).isEqualTo(2);

        fixture.delete("acme", "matched");
        fixture.advance(Duration.ofMinutes(1));

        final ClientStats stats = latest(fixture.clientStats());
        assertThat(stats.getCookiesMatched()).isZero();
        assertThat(stats.getCookiesMatchedSeenLast24h()).isZero();
    }

    private static ClientStats latest(final List<ClientStats> published) {
        assertThat(published).isNotEmpty();
        return published.get(published.size() - 1);
    }
}
