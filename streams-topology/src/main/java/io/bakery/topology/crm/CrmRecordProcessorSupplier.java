package io.bakery.topology.crm;

import io.bakery.schemas.AvroSerdes;
import io.bakery.schemas.avro.CrmRecordState;
import io.bakery.schemas.avro.IdentifierChange;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.topology.store.KeyValueStores;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Creates {@link CrmRecordProcessor}s and brings their stores. */
public final class CrmRecordProcessorSupplier implements ProcessorSupplier<Object, Object, IdentifierKey, IdentifierChange> {

    @Override
    public Processor<Object, Object, IdentifierKey, IdentifierChange> get() {
        return new CrmRecordProcessor();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                KeyValueStores.persistent(CrmRecordProcessor.RECORDS_STORE, AvroSerdes.of(CrmRecordState.class)),
                KeyValueStores.keySet(CrmRecordProcessor.RECORDS_BY_IDENTIFIER_STORE),
                KeyValueStores.persistent(CrmRecordProcessor.GENERATIONS_STORE, Serdes.Long()));
    }
}
