package io.bakery.topology.sync;

import io.bakery.topology.TopologySettings;
import io.bakery.topology.store.KeyValueStores;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Creates {@link SyncPairJoinProcessor}s and brings their stores. */
public final class SyncPairJoinProcessorSupplier implements ProcessorSupplier<Object, Object, Object, Object> {

    private final TopologySettings settings;
    private final String matchChanges;
    private final String funnelChanges;

    public SyncPairJoinProcessorSupplier(final TopologySettings settings, final String matchChanges,
            final String funnelChanges) {
        this.settings = settings;
        this.matchChanges = matchChanges;
        this.funnelChanges = funnelChanges;
    }

    @Override
    public Processor<Object, Object, Object, Object> get() {
        return new SyncPairJoinProcessor(matchChanges, funnelChanges, settings.timeToLive(), settings.expiryInterval(), settings.expiryBatch());
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                KeyValueStores.persistent(SyncPairJoinProcessor.PAIRS_STORE, Serdes.Long()),
                KeyValueStores.keySet(SyncPairJoinProcessor.PAIRS_BY_COOKIE_STORE),
                KeyValueStores.persistent(SyncPairJoinProcessor.RECORD_LINKS_STORE, Serdes.Integer()));
    }
}
