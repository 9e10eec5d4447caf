package io.bakery.topology;

import static io.bakery.topology.TopologyFixture.describe;
import static io.bakery.topology.TopologyFixture.fold;
import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.ErasureKind;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatchingTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(stateDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SLC", "SCL", "LSC", "LCS", "CSL", "CLS"})
    void shouldMatchOnceWhenTheThreeFactsArriveInAnyOrder(final String order) {
        for (final char fact : order.toCharArray()) {
            switch (fact) {
                case 'S' -> fixture.sync("acme", "bakery-1", "cookie-1");
                case 'L' -> fixture.link("alice@example.com", "bakery-1");
                default -> fixture.upsert("acme", "record-1", "alice@example.com");
            }
        }

        assertThat(describe(fixture.matches())).containsExactly("ADDED acme cookie-1 record-1");
    }

    @Test
    void shouldMatchEveryCookieToEveryRecordWhenManyToMany() {
        // Two records share one identifier; the browser has two identifiers and two DMP cookies.
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.upsert("acme", "record-2", "alice@example.com", "alice@work.example");
        fixture.link("alice@example.com", "bakery-1");
        fixture.link("alice@work.example", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.sync("acme", "bakery-1", "cookie-2");

        assertThat(describe(fixture.matches())).containsExactlyInAnyOrder(
                "ADDED acme cookie-1 record-1", "ADDED acme cookie-1 record-2",
                "ADDED acme cookie-2 record-1", "ADDED acme cookie-2 record-2");
    }

    @Test
    void shouldAddOnceAndRemoveOnlyWhenTheLastPathGoesWhenAPairMatchesThroughSeveralPaths() {
        fixture.upsert("acme", "record-1", "alice@example.com", "alice@work.example");
        fixture.link("alice@example.com", "bakery-1");
        fixture.link("alice@work.example", "bakery-2");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.sync("acme", "bakery-2", "cookie-1");
        assertThat(describe(fixture.matches())).containsExactly("ADDED acme cookie-1 record-1");

        fixture.unlink("alice@example.com", "bakery-1");
        assertThat(describe(fixture.matches())).isEmpty();

        fixture.unlink("alice@work.example", "bakery-2");
        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 record-1");
    }

    @Test
    void shouldRemoveMatchWhenAnUpsertDropsTheMatchingIdentifier() {
        matchAliceToCookie1();

        fixture.upsert("acme", "record-1", "alice@work.example");

        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 record-1");
    }

    @Test
    void shouldRemoveMatchWhenTheRecordIsDeleted() {
        matchAliceToCookie1();

        fixture.delete("acme", "record-1");

        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 record-1");
    }

    @Test
    void shouldDeleteRecordsTheCompletedGenerationDoesNotHoldWhenReplaceAllCompletes() {
        fixture.link("alice@example.com", "bakery-1");
        fixture.link("bob@example.com", "bakery-1");
        fixture.link("carol@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.upsert("acme", "old-record", "alice@example.com");
        fixture.member("upload-2", "acme", "kept-record", "bob@example.com");
        // Written with no generation after the replace-all began: counts as current.
        fixture.upsert("acme", "added-later", "carol@example.com");
        fixture.matches();

        fixture.complete("upload-2", "acme", 1);

        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 old-record");
    }

    @Test
    void shouldKeepEveryRecordWhenACompleteMarkerRepeats() {
        fixture.link("bob@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.member("upload-2", "acme", "kept-record", "bob@example.com");
        fixture.complete("upload-2", "acme", 1);
        fixture.upsert("acme", "added-later", "bob@example.com");
        fixture.matches();

        fixture.complete("upload-2", "acme", 1);

        assertThat(describe(fixture.matches())).isEmpty();
    }

    @Test
    void shouldRemoveEveryMatchOfABakeryIdWhenItIsErased() {
        matchAliceToCookie1();

        fixture.erase(ErasureKind.BAKERY_ID, null, "bakery-1");

        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 record-1");
        // Every trace is gone: the same facts again match as new.
        fixture.sync("acme", "bakery-1", "cookie-1");
        assertThat(describe(fixture.matches())).isEmpty();
    }

    @Test
    void shouldRemoveTheCookiesMatchesWhenADmpCookieIsErased() {
        matchAliceToCookie1();
        fixture.sync("acme", "bakery-1", "cookie-2");
        fixture.matches();

        fixture.erase(ErasureKind.DMP_COOKIE, "acme", "cookie-1");

        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 record-1");
    }

    @Test
    void shouldRemoveMatchesThroughAHashedIdentifierWhenItIsErased() {
        matchAliceToCookie1();

        fixture.erase(ErasureKind.HASHED_IDENTIFIER, null, "alice@example.com");

        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 record-1");
        // The record no longer holds the identifier: linking it again matches nothing.
        fixture.link("alice@example.com", "bakery-1");
        assertThat(describe(fixture.matches())).isEmpty();
    }

    @Test
    void shouldRemoveTheRecordsMatchesWhenACrmRecordIsErased() {
        matchAliceToCookie1();

        fixture.erase(ErasureKind.CRM_RECORD, "acme", "record-1");

        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 record-1");
    }

    @Test
    void shouldExpireSyncPairsAndIdentityLinksWhenNotSeenForTheTimeToLive() {
        fixture.close();
        fixture = new TopologyFixture(TopologyFixture.settings(stateDir).withTimeToLive(Duration.ofDays(30)));
        matchAliceToCookie1();

        fixture.advance(Duration.ofDays(29));
        assertThat(describe(fixture.matches())).isEmpty();
        fixture.advance(Duration.ofDays(2));

        assertThat(describe(fixture.matches())).containsExactly("REMOVED acme cookie-1 record-1");
    }

    @Test
    void shouldExpireEverySyncPairOverSeveralRunsWhenEachRunWalksOnlyABatchOfPairs() {
        fixture.close();
        fixture = new TopologyFixture(TopologyFixture.settings(stateDir).withTimeToLive(Duration.ofDays(30))
                .withExpiryBatch(1));
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.link("alice@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.sync("acme", "bakery-1", "cookie-2");
        fixture.sync("acme", "bakery-1", "cookie-3");
        fixture.matches();

        fixture.advance(Duration.ofDays(31));
        final List<String> removed = new ArrayList<>(describe(fixture.matches()));
        fixture.advance(Duration.ofMinutes(1));
        removed.addAll(describe(fixture.matches()));
        fixture.advance(Duration.ofMinutes(1));
        removed.addAll(describe(fixture.matches()));

        assertThat(removed).hasSize(3).containsExactlyInAnyOrder("REMOVED acme cookie-1 record-1",
                "REMOVED acme cookie-2 record-1", "REMOVED acme cookie-3 record-1");
    }

    @Test
    void shouldKeepAMatchWhoseSyncPairIsSeenAgainWithinTheTimeToLive() {
        fixture.close();
        fixture = new TopologyFixture(TopologyFixture.settings(stateDir).withTimeToLive(Duration.ofDays(30)));
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.advance(Duration.ofDays(20));
        fixture.link("alice@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.matches();

        fixture.advance(Duration.ofDays(20));

        assertThat(describe(fixture.matches())).isEmpty();
    }

    @Test
    void shouldChangeNothingWhenAnEventIsDuplicated() {
        final Instant hit = fixture.now();
        matchAliceToCookie1();
        fixture.matches();

        fixture.syncAt("acme", "bakery-1", "cookie-1", hit);
        fixture.link("alice@example.com", "bakery-1");
        fixture.upsert("acme", "record-1", "alice@example.com");

        assertThat(fixture.matches()).isEmpty();
    }

    @Test
    void shouldReportSeenWithTheCookiesNewestHitWhenAMatchedCookieIsHit() {
        matchAliceToCookie1();
        fixture.matches();
        fixture.advance(Duration.ofHours(3));

        fixture.sync("acme", "bakery-1", "cookie-1");

        final List<Match> seen = fixture.matches();
        assertThat(seen).extracting(Match::getKind).containsExactly(MatchKind.SEEN);
        assertThat(seen.get(0).getCookieLastSeenAt()).isEqualTo(fixture.now());
    }

    @Test
    void shouldCarryAnEarlierHitAsLastSeenWhenACookieMatchesLater() {
        // Seen at 10:00 through one browser, matched at 15:00 through another one with an older hit.
        final Instant tenOClock = fixture.now();
        fixture.syncAt("acme", "bakery-2", "cookie-1", tenOClock.minus(Duration.ofDays(3)));
        fixture.sync("acme", "bakery-1", "cookie-1");
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.advance(Duration.ofHours(5));

        fixture.link("alice@example.com", "bakery-2");

        final List<Match> added = fixture.matches();
        assertThat(describe(added)).containsExactly("ADDED acme cookie-1 record-1");
        assertThat(added.get(0).getCookieLastSeenAt()).isEqualTo(tenOClock);
    }

    private void matchAliceToCookie1() {
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.link("alice@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        assertThat(fold(fixture.matches())).containsExactly("acme cookie-1 record-1");
    }
}
