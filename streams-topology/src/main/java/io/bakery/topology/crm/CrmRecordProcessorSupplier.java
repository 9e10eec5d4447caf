package io.bakery.topology.crm;

import io.bakery.schemas.AvroSerdes;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.CrmRecordState;
import io.bakery.topology.store.KeyValueStores;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Creates {@link CrmRecordProcessor}s and brings their stores. */
public final class CrmRecordProcessorSupplier implements ProcessorSupplier<Object, Object, Object, Object> {

    private final String identifierChanges;
    private final String statsParts;
    private final Duration statsInterval;

    public CrmRecordProcessorSupplier(final String identifierChanges, final String statsParts,
            final Duration statsInterval) {
        this.identifierChanges = identifierChanges;
        this.statsParts = statsParts;
        this.statsInterval = statsInterval;
    }

    @Override
    public Processor<Object, Object, Object, Object> get() {
        return new CrmRecordProcessor(identifierChanges, statsParts, statsInterval);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                KeyValueStores.persistent(CrmRecordProcessor.RECORDS_STORE, AvroSerdes.of(CrmRecordState.class)),
                KeyValueStores.keySet(CrmRecordProcessor.RECORDS_BY_IDENTIFIER_STORE),
                KeyValueStores.persistent(CrmRecordProcessor.GENERATIONS_STORE, Serdes.Long()),
                KeyValueStores.persistent(CrmRecordProcessor.FUNNEL_STORE, Serdes.Long()),
                KeyValueStores.persistent(CrmRecordProcessor.COUNTERS_STORE, AvroSerdes.of(ClientStats.class)));
    }
}
