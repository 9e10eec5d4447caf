package io.bakery.topology.intake;

import io.bakery.schemas.avro.DeadLetter;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The first step after every input topic: decodes the raw bytes and checks the record's rules. A usable record
 * goes to {@code next}; anything else goes to {@code deadLetters} as a {@link DeadLetter} with the reason, so a
 * bad record never stops the app and never reaches a store.
 */
public final class DecodingProcessor<K, V> implements Processor<byte[], byte[], Object, Object> {

    private final String name;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final InputRule<K, V> rule;
    private final String next;
    private final String deadLetters;
    private ProcessorContext<Object, Object> context;

    public DecodingProcessor(final String name, final Deserializer<K> keyDeserializer,
            final Deserializer<V> valueDeserializer, final InputRule<K, V> rule, final String next,
            final String deadLetters) {
        this.name = name;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.rule = rule;
        this.next = next;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        if (record.key() == null) {
            reject(record, "key is missing");
            return;
        }
        final K key;
        final V value;
        try {
            key = keyDeserializer.deserialize(topic, record.key());
        } catch (final RuntimeException e) {
            reject(record, "key is undecodable: " + e.getClass().getSimpleName());
            return;
        }
        try {
            value = valueDeserializer.deserialize(topic, record.value());
        } catch (final RuntimeException e) {
            reject(record, "value is undecodable: " + e.getClass().getSimpleName());
            return;
        }
        final Optional<String> violation = rule.violation(key, value);
        if (violation.isPresent()) {
            reject(record, violation.get());
            return;
        }
        context.forward(new Record<Object, Object>(key, value, record.timestamp()), next);
    }

    private void reject(final Record<byte[], byte[]> record, final String reason) {
        final Optional<RecordMetadata> metadata = context.recordMetadata();
        final String topic = metadata.map(RecordMetadata::topic).orElse("");
        final DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setPartition(metadata.map(RecordMetadata::partition).orElse(-1))
                .setOffset(metadata.map(RecordMetadata::offset).orElse(-1L))
                .setRecordTimestamp(Instant.ofEpochMilli(Math.max(0, record.timestamp())))
                .setReason(reason)
                .setProcessor(name)
                .build();
        context.forward(new Record<Object, Object>(topic, letter, record.timestamp()), deadLetters);
    }
}
