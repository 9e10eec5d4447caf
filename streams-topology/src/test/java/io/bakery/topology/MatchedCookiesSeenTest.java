package io.bakery.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.ErasureKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "matched cookies seen in the last 24 h" statistic, kept as counts of matched cookies by last-seen hour: a
 * cookie is counted once, in the hour of its newest hit, while it has a match and a last-seen time, and counts
 * until the hour after its newest hit is a day old.
 */
class MatchedCookiesSeenTest {

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(TopologyFixture.settings(stateDir).withStatsInterval(Duration.ofMinutes(1)));
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.link("alice@example.com", "bakery-1");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldCountAMatchedCookieOnceWhenItIsHitAgainInLaterHours() {
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofHours(2));
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofHours(3));
        fixture.sync("acme", "bakery-1", "cookie-1");

        fixture.advance(Duration.ofMinutes(1));

        assertThat(seen()).isEqualTo(1);
    }

    @Test
    void shouldKeepCountingACookieWhoseNewestHitIsWithinTheDayThoughItsFirstIsOlder() {
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofHours(20));
        fixture.sync("acme", "bakery-1", "cookie-1");

        fixture.advance(Duration.ofHours(10));

        assertThat(seen()).isEqualTo(1);
    }

    @Test
    void shouldCountACookieUntilTheHourAfterItsNewestHitIsADayOld() {
        fixture.sync("acme", "bakery-1", "cookie-1");

        fixture.advance(Duration.ofHours(24).plusMinutes(59));
        assertThat(seen()).isEqualTo(1);

        fixture.advance(Duration.ofMinutes(1));
        assertThat(seen()).isZero();
    }

    @Test
    void shouldCountACookieSeenBeforeItWasMatchedOnceItIsMatched() {
        fixture.sync("acme", "bakery-2", "cookie-2");
        fixture.advance(Duration.ofHours(3));

        fixture.link("alice@example.com", "bakery-2");
        fixture.advance(Duration.ofMinutes(1));

        assertThat(seen()).isEqualTo(1);
    }

    @Test
    void shouldStopCountingACookieWhenItLosesItsLastMatch() {
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofHours(2));
        fixture.sync("acme", "bakery-1", "cookie-1");

        fixture.delete("acme", "record-1");
        fixture.advance(Duration.ofMinutes(1));

        assertThat(seen()).isZero();
    }

    @Test
    void shouldCountACookieAgainWhenItIsMatchedAgain() {
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.unlink("alice@example.com", "bakery-1");
        fixture.advance(Duration.ofHours(2));
        fixture.sync("acme", "bakery-1", "cookie-1");

        fixture.link("alice@example.com", "bakery-1");
        fixture.advance(Duration.ofMinutes(1));

        assertThat(seen()).isEqualTo(1);
    }

    @Test
    void shouldStopCountingACookieWhenItIsErased() {
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.sync("acme", "bakery-1", "cookie-2");

        fixture.erase(ErasureKind.DMP_COOKIE, "acme", "cookie-1");
        fixture.advance(Duration.ofMinutes(1));

        assertThat(seen()).isEqualTo(1);
    }

    @Test
    void shouldStopCountingACookieWhenItsPairsAndLastSeenTimeExpire() {
        fixture.close();
        fixture = new TopologyFixture(TopologyFixture.settings(stateDir).withStatsInterval(Duration.ofMinutes(1))
                .withTimeToLive(Duration.ofHours(2)));
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.link("alice@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofMinutes(1));
        assertThat(seen()).isEqualTo(1);

        fixture.advance(Duration.ofHours(3));
        // The pair stage's expiry retracts the match; the next interval publishes what it left.
        fixture.advance(Duration.ofMinutes(1));

        final ClientStats stats = latest();
        assertThat(stats.getCookiesMatched()).isZero();
        assertThat(stats.getCookiesMatchedSeenLast24h()).isZero();
    }

    private long seen() {
        return latest().getCookiesMatchedSeenLast24h();
    }

    private ClientStats latest() {
        final List<ClientStats> published = fixture.clientStats();
        assertThat(published).isNotEmpty();
        return published.get(published.size() - 1);
    }
}
