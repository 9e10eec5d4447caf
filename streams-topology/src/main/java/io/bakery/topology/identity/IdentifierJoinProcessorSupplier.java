package io.bakery.topology.identity;

import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.RecordLinkChange;
import io.bakery.topology.TopologySettings;
import io.bakery.topology.store.KeyValueStores;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Creates {@link IdentifierJoinProcessor}s and brings their stores. */
public final class IdentifierJoinProcessorSupplier implements ProcessorSupplier<Object, Object, ClientBakeryKey, RecordLinkChange> {

    private final TopologySettings settings;

    public IdentifierJoinProcessorSupplier(final TopologySettings settings) {
        this.settings = settings;
    }

    @Override
    public Processor<Object, Object, ClientBakeryKey, RecordLinkChange> get() {
        return new IdentifierJoinProcessor(settings.timeToLive(), settings.expiryInterval(), settings.expiryBatch());
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                KeyValueStores.persistent(IdentifierJoinProcessor.LINKS_STORE, Serdes.Long()),
                KeyValueStores.keySet(IdentifierJoinProcessor.LINKS_BY_BAKERY_ID_STORE),
                KeyValueStores.keySet(IdentifierJoinProcessor.LINK_EXPIRY_STORE),
                KeyValueStores.keySet(IdentifierJoinProcessor.CRM_IDENTIFIERS_STORE));
    }
}
