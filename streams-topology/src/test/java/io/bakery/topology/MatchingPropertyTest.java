package io.bakery.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.ErasureKind;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random event sequences through the topology and through {@link ReferenceMatcher}: after every event the
 * matches the topology has announced (ADDED minus REMOVED) must equal the model's, no pair is ADDED twice or
 * REMOVED unmatched, and SEEN is only reported for matched pairs. Each sequence uses its own client and ids, so
 * one driver serves them all; a failure names the seed that reproduces it.
 */
class MatchingPropertyTest {

    private static final int SEQUENCES = 500;
    private static final int MAX_EVENTS = 40;
    private static final long BASE_SEED = 0x5EED_BA4E_2026L;

    @TempDir
    static Path stateDir;

    private static TopologyFixture fixture;

    @BeforeAll
    static void start() {
        // Statistics are not under test here; publishing every simulated minute for hundreds of clients only slows it.
        fixture = new TopologyFixture(TopologyFixture.settings(stateDir).withStatsInterval(Duration.ofDays(1)));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void shouldAnnounceTheReferenceModelsMatchesWhenEventsArriveInRandomSequences() {
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            runSequence(sequence, BASE_SEED + sequence);
        }
    }

    private static void runSequence(final int sequence, final long seed) {
        final Random random = new Random(seed);
        final String client = "client-" + sequence;
        final ReferenceMatcher model = new ReferenceMatcher();
        final Set<String> announced = new TreeSet<>();
        final List<String> log = new ArrayList<>();
        final int events = 1 + random.nextInt(MAX_EVENTS);
        int generations = 0;
        for (int event = 0; event < events; event++) {
            final String bakeryId = "s" + sequence + "-bakery-" + random.nextInt(3);
            final String cookie = "cookie-" + random.nextInt(3);
            final String identifier = "s" + sequence + "-id-" + random.nextInt(4) + "@example.com";
            final String recordId = "record-" + random.nextInt(3);
            final int choice = random.nextInt(100);
            final String step;
            if (choice < 20) {
                step = "sync " + bakeryId + " " + cookie;
                if (random.nextBoolean()) {
                    fixture.advance(Duration.ofMinutes(1));
                }
                fixture.sync(client, bakeryId, cookie);
                model.sync(bakeryId, cookie);
            } else if (choice < 38) {
                step = "link " + identifier + " " + bakeryId;
                fixture.link(identifier, bakeryId);
                model.link(identifier, bakeryId);
            } else if (choice < 46) {
                step = "unlink " + identifier + " " + bakeryId;
                fixture.unlink(identifier, bakeryId);
                model.unlink(identifier, bakeryId);
            } else if (choice < 66) {
                final Set<String> ids = identifiers(random, sequence);
                step = "upsert " + recordId + " " + ids;
                fixture.upsert(client, recordId, ids.toArray(new String[0]));
                model.upsert(recordId, ids);
            } else if (choice < 72) {
                step = "delete " + recordId;
                fixture.delete(client, recordId);
                model.delete(recordId);
            } else if (choice < 80) {
                final String generation = "g-" + (generations + random.nextInt(2));
                final Set<String> ids = identifiers(random, sequence);
                step = "member " + generation + " " + recordId + " " + ids;
                fixture.member(generation, client, recordId, ids.toArray(new String[0]));
                model.member(generation, recordId, ids);
            } else if (choice < 85) {
                final String generation = "g-" + generations;
                generations += random.nextInt(2);
                step = "complete " + generation;
                fixture.complete(generation, client, 0);
                model.complete(generation);
            } else if (choice < 89) {
                step = "erase bakery id " + bakeryId;
                fixture.erase(ErasureKind.BAKERY_ID, null, bakeryId);
                model.eraseBakeryId(bakeryId);
            } else if (choice < 93) {
                step = "erase cookie " + cookie;
                fixture.erase(ErasureKind.DMP_COOKIE, client, cookie);
                model.eraseCookie(cookie);
            } else if (choice < 97) {
                step = "erase identifier " + identifier;
                fixture.erase(ErasureKind.HASHED_IDENTIFIER, null, identifier);
                model.eraseIdentifier(identifier);
            } else {
                step = "erase record " + recordId;
                fixture.erase(ErasureKind.CRM_RECORD, client, recordId);
                model.delete(recordId);
            }
            log.add(step);
            apply(fixture.matches(), announced, seed, log);
            assertThat(announced).as("seed %d after %s", seed, log).isEqualTo(model.matches());
        }
    }

    private static void apply(final List<Match> matches, final Set<String> announced, final long seed,
            final List<String> log) {
        for (final Match match : matches) {
            final String pair = match.getDmpCookieId() + " " + match.getRecordId();
            if (match.getKind() == MatchKind.ADDED) {
                assertThat(announced.add(pair)).as("seed %d: ADDED twice %s after %s", seed, pair, log).isTrue();
            } else if (match.getKind() == MatchKind.REMOVED) {
                assertThat(announced.remove(pair)).as("seed %d: REMOVED unmatched %s after %s", seed, pair, log).isTrue();
            } else {
                assertThat(announced).as("seed %d: SEEN unmatched %s after %s", seed, pair, log).contains(pair);
            }
        }
    }

    private static Set<String> identifiers(final Random random, final int sequence) {
        final Set<String> ids = new LinkedHashSet<>();
        final int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            ids.add("s" + sequence + "-id-" + random.nextInt(4) + "@example.com");
        }
        return ids;
    }
}
