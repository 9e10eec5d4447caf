package io.bakery.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchKind;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.config.Dmp;
import io.bakery.topology.match.MatchTableProcessor;
import io.bakery.topology.sync.SyncPairJoinProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one sync hit writes to the stores, counted as changelog records: every store write is one more record in
 * the task's transaction, and these writes are most of what the topology bench measures against a pass-through
 * app. A repeat hit changes the pair's last hit (duplicates are told apart by it) and the cookie's newest hit
 * (every match carries it), so it writes those two and nothing else: no time index, no unchanged daily row. A
 * matched cookie hit in a new hour also moves from its old hour's count to the new one's.
 */
class SyncHitStoreWritesTest {

    private static final Map<String, Integer> PAIR_AND_LAST_SEEN = Map.of(
            SyncPairJoinProcessor.PAIRS_STORE, 1,
            MatchTableProcessor.COOKIE_LAST_SEEN_STORE, 1);

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() {
        // A configured client, so the daily windows keep its matched cookies too.
        final BakeryConfig config = new BakeryConfig(null, null, List.of(
                new ClientConfig("acme", Dmp.TEALIUM, List.of("tealium"), "UTC", null, null, null, null)), null);
        fixture = new TopologyFixture(new TopologySettings("bakery-topology-test", "unused:9092", stateDir, 1, 0, 1,
                config));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldWriteThePairItsCookieIndexAndTheCookiesLastSeenWhenANewPairIsHit() {
        fixture.sync("acme", "bakery-1", "cookie-1");

        assertThat(fixture.storeWrites()).isEqualTo(Map.of(
                SyncPairJoinProcessor.PAIRS_STORE, 1,
                SyncPairJoinProcessor.PAIRS_BY_COOKIE_STORE, 1,
                MatchTableProcessor.COOKIE_LAST_SEEN_STORE, 1));
    }

    @Test
    void shouldWriteOnlyThePairAndTheCookiesLastSeenWhenAKnownPairIsHitAgainWithinTheHour() {
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofMinutes(10));
        fixture.storeWrites();

        fixture.sync("acme", "bakery-1", "cookie-1");

        assertThat(fixture.storeWrites()).isEqualTo(PAIR_AND_LAST_SEEN);
    }

    @Test
    void shouldWriteOnlyThePairAndTheCookiesLastSeenWhenAKnownPairIsHitAgainOnALaterDay() {
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofDays(2));
        fixture.storeWrites();

        fixture.sync("acme", "bakery-1", "cookie-1");

        assertThat(fixture.storeWrites()).isEqualTo(PAIR_AND_LAST_SEEN);
    }

    @Test
    void shouldWriteOnlyThePairAndTheCookiesLastSeenWhenAMatchedCookieIsHitAgainTheSameDay() {
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.link("alice@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofMinutes(10));
        fixture.matches();
        fixture.storeWrites();

        fixture.sync("acme", "bakery-1", "cookie-1");

        assertThat(fixture.matches()).extracting(Match::getKind).containsExactly(MatchKind.SEEN);
        assertThat(fixture.storeWrites()).isEqualTo(PAIR_AND_LAST_SEEN);
    }

    @Test
    void shouldAlsoMoveTheCookieBetweenLastSeenHourCountsWhenAMatchedCookieIsHitAgainInALaterHour() {
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.link("alice@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofMinutes(70));
        fixture.matches();
        fixture.storeWrites();

        fixture.sync("acme", "bakery-1", "cookie-1");

        assertThat(fixture.storeWrites()).isEqualTo(Map.of(
                SyncPairJoinProcessor.PAIRS_STORE, 1,
                MatchTableProcessor.COOKIE_LAST_SEEN_STORE, 1,
                MatchTableProcessor.MATCHED_SEEN_HOURS_STORE, 2));
    }

    @Test
    void shouldWriteNothingWhenASyncHitIsDuplicated() {
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.storeWrites();

        fixture.sync("acme", "bakery-1", "cookie-1");

        assertThat(fixture.storeWrites()).isEmpty();
    }
}
