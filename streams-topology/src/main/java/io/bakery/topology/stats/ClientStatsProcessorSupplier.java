package io.bakery.topology.stats;

import io.bakery.schemas.AvroSerdes;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.topology.store.KeyValueStores;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Creates {@link ClientStatsProcessor}s and brings their store. */
public final class ClientStatsProcessorSupplier implements ProcessorSupplier<String, ClientStats, String, ClientStats> {

    @Override
    public Processor<String, ClientStats, String, ClientStats> get() {
        return new ClientStatsProcessor();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(KeyValueStores.persistent(ClientStatsProcessor.SHARES_STORE, AvroSerdes.of(ClientStats.class)));
    }
}
