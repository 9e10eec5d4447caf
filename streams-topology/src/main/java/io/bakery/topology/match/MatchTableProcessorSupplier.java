package io.bakery.topology.match;

import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.MatchChange;
import io.bakery.topology.TopologySettings;
import io.bakery.topology.store.KeyValueStores;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Creates {@link MatchTableProcessor}s and brings their stores. */
public final class MatchTableProcessorSupplier implements ProcessorSupplier<ClientCookieKey, MatchChange, Object, Object> {

    private final TopologySettings settings;
    private final String matches;
    private final String funnelChanges;
    private final String statsParts;

    public MatchTableProcessorSupplier(final TopologySettings settings, final String matches,
            final String funnelChanges, final String statsParts) {
        this.settings = settings;
        this.matches = matches;
        this.funnelChanges = funnelChanges;
        this.statsParts = statsParts;
    }

    @Override
    public Processor<ClientCookieKey, MatchChange, Object, Object> get() {
        return new MatchTableProcessor(matches, funnelChanges, statsParts, settings.timeToLive(),
                settings.expiryInterval(), settings.expiryBatch(), settings.statsInterval());
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                KeyValueStores.persistent(MatchTableProcessor.MATCH_PATHS_STORE, Serdes.Integer()),
                KeyValueStores.persistent(MatchTableProcessor.COOKIE_LAST_SEEN_STORE, Serdes.Long()),
                KeyValueStores.persistent(MatchTableProcessor.COUNTERS_STORE, Serdes.Long()),
                KeyValueStores.persistent(MatchTableProcessor.MATCHED_SEEN_HOURS_STORE, Serdes.Long()));
    }
}
