package io.bakery.topology.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.ClientStats;
import io.bakery.topology.store.StoreKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The match table alone, on a mock context, with state written straight into its stores. */
class MatchTableProcessorTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration STATS_INTERVAL = Duration.ofMinutes(1);

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<Bytes, Integer> paths = store(MatchTableProcessor.MATCH_PATHS_STORE, Serdes.Integer());
    private final KeyValueStore<Bytes, Long> lastSeen = store(MatchTableProcessor.COOKIE_LAST_SEEN_STORE, Serdes.Long());
    private final KeyValueStore<Bytes, Long> counters = store(MatchTableProcessor.COUNTERS_STORE, Serdes.Long());
    private final KeyValueStore<Bytes, Long> seenHours = store(MatchTableProcessor.MATCHED_SEEN_HOURS_STORE, Serdes.Long());

    @Test
    void shouldCountTheMatchedCookiesSeenInTheLastDayOfStateThatPredatesTheHourCounts() {
        // What an earlier version left: paths, last-seen times and counters, but no hour counts.
        matched("acme", "aaaa01", "record-1", NOW.minus(Duration.ofHours(2)));
        matched("acme", "aaaa01", "record-2", NOW.minus(Duration.ofHours(2)));
        matched("acme", "aaaa02", "record-1", NOW.minus(Duration.ofDays(3)));
        matched("globex", "bbbb01", "record-9", NOW.minus(Duration.ofMinutes(5)));
        lastSeen.put(StoreKey.of("acme", "aaaa03"), NOW.toEpochMilli()); // seen, never matched
        counters.put(StoreKey.of("acme"), 2L);
        counters.put(StoreKey.of("globex"), 1L);
        final MatchTableProcessor processor = new MatchTableProcessor("matches", "funnel", "stats",
                Duration.ofDays(395), Duration.ofMinutes(5), 10_000, STATS_INTERVAL);
        processor.init(context);

        publishStats();

        assertThat(shares()).extracting(ClientStats::getClientId, ClientStats::getCookiesMatched,
                        ClientStats::getCookiesMatchedSeenLast24h)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", 2L, 1L),
                        org.assertj.core.groups.Tuple.tuple("globex", 1L, 1L));
    }

    private void matched(final String client, final String cookie, final String record, final Instant seen) {
        paths.put(StoreKey.of(client, cookie, record), 1);
        lastSeen.put(StoreKey.of(client, cookie), seen.toEpochMilli());
    }

    private void publishStats() {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getInterval().equals(STATS_INTERVAL) && p.getPunctuator() != null)
                .findFirst().orElseThrow()
                .getPunctuator().punctuate(NOW.toEpochMilli());
    }

    private List<ClientStats> shares() {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElse("").equals("stats"))
                .map(f -> (ClientStats) f.record().value())
                .toList();
    }

    private <V> KeyValueStore<Bytes, V> store(final String name, final Serde<V> valueSerde) {
        final KeyValueStore<Bytes, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.Bytes(), valueSerde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
