package io.bakery.topology.stats;

import io.bakery.schemas.avro.ClientStats;
import io.bakery.topology.store.PrefixScan;
import io.bakery.topology.store.StoreKey;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds up the latest share of every task for a client and publishes the client's whole funnel to the
 * compacted {@code bakery.client-stats} topic, keyed by client id.
 */
public final class ClientStatsProcessor implements Processor<String, ClientStats, String, ClientStats> {

    public static final String SHARES_STORE = "client-stats-shares-store";

    private ProcessorContext<String, ClientStats> context;
    private KeyValueStore<Bytes, ClientStats> shares;

    @Override
    public void init(final ProcessorContext<String, ClientStats> context) {
        this.context = context;
        this.shares = context.getStateStore(SHARES_STORE);
    }

    @Override
    public void process(final Record<String, ClientStats> record) {
        final String clientId = record.key();
        shares.put(StoreKey.of(clientId, StatsParts.part(record)), record.value());
        long records = 0;
        long linked = 0;
        long matched = 0;
        long cookies = 0;
        long seen = 0;
        Instant updatedAt = Instant.EPOCH;
        for (final KeyValue<List<String>, ClientStats> share : PrefixScan.entries(shares, clientId)) {
            records += share.value.getRecords();
            linked += share.value.getRecordsLinked();
            matched += share.value.getRecordsMatched();
            cookies += share.value.getCookiesMatched();
            seen += share.value.getCookiesMatchedSeenLast24h();
            if (share.value.getUpdatedAt().isAfter(updatedAt)) {
                updatedAt = share.value.getUpdatedAt();
            }
        }
        context.forward(new Record<>(clientId,
                new ClientStats(clientId, records, linked, matched, cookies, seen, updatedAt), record.timestamp()));
    }
}
