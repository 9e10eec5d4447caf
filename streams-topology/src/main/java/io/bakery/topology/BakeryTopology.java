package io.bakery.topology;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.SyncEvent;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The pure topology factory: no I/O, no static state; the app and every TopologyTestDriver test call it.
 */
public final class BakeryTopology {

    public static final String SYNC_EVENTS_SOURCE = "sync-events-source";
    public static final String SYNC_EVENTS_INTAKE = "sync-events-intake";

    private BakeryTopology() {}

    /** Builds the whole topology for {@code settings}. */
    public static Topology build(final TopologySettings settings) {
        final Topology topology = new Topology();
        topology.addSource(SYNC_EVENTS_SOURCE,
                Topics.SYNC_EVENTS.keySerde().deserializer(),
                Topics.SYNC_EVENTS.valueSerde().deserializer(),
                Topics.SYNC_EVENTS.name());
        // The matching stages attach here (issue: matching topology); until then sync events are consumed
        // and acknowledged so the application's consumer group is live.
        topology.addProcessor(SYNC_EVENTS_INTAKE, () -> new Processor<ClientBakeryKey, SyncEvent, Void, Void>() {
            @Override
            public void process(final Record<ClientBakeryKey, SyncEvent> record) {
                // consumed
            }
        }, SYNC_EVENTS_SOURCE);
        return topology;
    }
}
