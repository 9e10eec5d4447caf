package io.bakery.topology.match;

import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchChange;
import io.bakery.topology.TopologySettings;
import io.bakery.topology.store.KeyValueStores;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Creates {@link MatchTableProcessor}s and brings their stores. */
public final class MatchTableProcessorSupplier implements ProcessorSupplier<ClientCookieKey, MatchChange, ClientCookieKey, Match> {

    private final TopologySettings settings;

    public MatchTableProcessorSupplier(final TopologySettings settings) {
        this.settings = settings;
    }

    @Override
    public Processor<ClientCookieKey, MatchChange, ClientCookieKey, Match> get() {
        return new MatchTableProcessor(settings.timeToLive(), settings.expiryInterval(), settings.expiryBatch());
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                KeyValueStores.persistent(MatchTableProcessor.MATCH_PATHS_STORE, Serdes.Integer()),
                KeyValueStores.persistent(MatchTableProcessor.COOKIE_LAST_SEEN_STORE, Serdes.Long()),
                KeyValueStores.keySet(MatchTableProcessor.COOKIE_LAST_SEEN_EXPIRY_STORE));
    }
}
