package io.bakery.topology.erasure;

import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureSubject;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends an erasure to the partition its stage keeps the subject on, or to every partition when the subject is
 * spread over all of them (a Bakery id is stored under each client; a cookie under each Bakery id).
 *
 * <p>The target partition is computed exactly as the default partitioner does for the stage's own key bytes,
 * so the erasure meets the stage's other inputs on the same task.
 */
public final class ErasurePartitioner implements StreamPartitioner<ErasureSubject, Erasure> {

    private final Function<ErasureSubject, Optional<byte[]>> stageKey;

    /** {@code stageKey} gives the serialized stage key of a subject, or empty to broadcast. */
    public ErasurePartitioner(final Function<ErasureSubject, Optional<byte[]>> stageKey) {
        this.stageKey = stageKey;
    }

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final ErasureSubject key, final Erasure value,
            final int numPartitions) {
        final Optional<byte[]> keyBytes = stageKey.apply(key);
        if (keyBytes.isPresent()) {
            return Optional.of(Set.of(BuiltInPartitioner.partitionForKey(keyBytes.get(), numPartitions)));
        }
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }
}
