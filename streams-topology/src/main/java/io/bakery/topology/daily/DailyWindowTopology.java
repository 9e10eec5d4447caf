package io.bakery.topology.daily;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.config.BakeryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The daily-window sub-topology: {@code bakery.matches} (and operator close requests from
 * {@code bakery.control.day-close}) in, closed client-days out to {@code bakery.daily-deltas}.
 * It reads the matches topic (not the matching stages' internals), so it is its own sub-topology with one task
 * per partition of that topic; every task closes every configured client-day.
 */
public final class DailyWindowTopology {

    public static final String SOURCE = "daily-matches-source";
    /** Operator close requests ({@code bakery close-day}), a second parent of the daily-window processor. */
    public static final String CLOSE_REQUESTS_SOURCE = "day-close-requests-source";
    public static final String PROCESSOR = "daily-window";
    public static final String SINK = "daily-deltas-sink";
    /** Open windows: client + cookie + day -> the cookie's matched record ids. */
    public static final String ROWS_STORE = "daily-window-rows";
    /** Per client: the last day this task closed. */
    public static final String CLOSED_DAYS_STORE = "daily-window-closed-days";

    private DailyWindowTopology() {}

    /** Adds the daily windows to {@code topology}. */
    public static Topology addTo(final Topology topology, final BakeryConfig config, final DailyWindowSettings settings) {
        topology.addSource(SOURCE,
                Topics.MATCHES.keySerde().deserializer(),
                Topics.MATCHES.valueSerde().deserializer(),
                Topics.MATCHES.name());
        topology.addSource(CLOSE_REQUESTS_SOURCE,
                Topics.CONTROL_DAY_CLOSE.keySerde().deserializer(),
                Topics.CONTROL_DAY_CLOSE.valueSerde().deserializer(),
                Topics.CONTROL_DAY_CLOSE.name());
        topology.addProcessor(PROCESSOR, supplier(config, settings), SOURCE, CLOSE_REQUESTS_SOURCE);
        topology.addSink(SINK, Topics.DAILY_DELTAS.name(),
                Topics.DAILY_DELTAS.keySerde().serializer(),
                Topics.DAILY_DELTAS.valueSerde().serializer(),
                PROCESSOR);
        return topology;
    }

    private static ProcessorSupplier<Object, Object, ClientDayKey, DailyDeltaEntry> supplier(
            final BakeryConfig config, final DailyWindowSettings settings) {
        return new ProcessorSupplier<>() {
            @Override
            public DailyWindowProcessor get() {
                return new DailyWindowProcessor(config, settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                @SuppressWarnings({"unchecked", "rawtypes"})
                final Serde<List<String>> recordIds = (Serde) Serdes.ListSerde(ArrayList.class, Serdes.String());
                final StoreBuilder<KeyValueStore<String, List<String>>> rows = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ROWS_STORE), Serdes.String(), recordIds);
                final StoreBuilder<KeyValueStore<String, String>> closed = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CLOSED_DAYS_STORE), Serdes.String(), Serdes.String());
                return Set.of(rows, closed);
            }
        };
    }
}
