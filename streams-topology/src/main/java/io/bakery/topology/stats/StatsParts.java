package io.bakery.topology.stats;

import io.bakery.schemas.avro.ClientStats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's share of the client funnel. Each stage counts what it alone can see (records at the CRM record
 * stage, cookies at the match table); every task publishes its shares at an interval with its stage and task id
 * in the {@value #PART_HEADER} header, and {@link ClientStatsProcessor} adds the latest share of every part.
 */
public final class StatsParts {

    /** The header naming the stage and task a share comes from. */
    public static final String PART_HEADER = "bakery-stats-part";

    private StatsParts() {}

    /** An all-zero share for {@code clientId}. */
    public static ClientStats empty(final String clientId) {
        return new ClientStats(clientId, 0L, 0L, 0L, 0L, 0L, Instant.EPOCH);
    }

    /** The share of {@code clientId} in {@code counters}, or an empty one. */
    public static ClientStats get(final KeyValueStore<Bytes, ClientStats> counters, final Bytes key,
            final String clientId) {
        final ClientStats stored = counters.get(key);
        return stored == null ? empty(clientId) : stored;
    }

    /** A record carrying {@code share}, keyed by client, tagged with its part. */
    public static Record<Object, Object> record(final ClientStats share, final String part, final long now) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(PART_HEADER, part.getBytes(StandardCharsets.UTF_8));
        return new Record<>(share.getClientId(), share, now, headers);
    }

    /** The part a share record came from. */
    public static String part(final Record<?, ?> record) {
        final Header header = record.headers().lastHeader(PART_HEADER);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
