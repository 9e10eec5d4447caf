package io.bakery.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one generated Avro record type, on Avro single-object encoding: {@code C3 01}, the 8-byte
 * CRC-64-AVRO fingerprint of the writer schema, then the Avro binary body. No schema registry is involved; the
 * decoder resolves older writer schemas through {@link SchemaHistory}. A null value (a tombstone) stays null.
 *
 * <p>Stateless and thread-safe: Avro's message encoder and decoder keep their buffers per thread.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    AvroSerde(final Class<T> type) {
        this.type = type;
        final SpecificData model = SpecificData.getForClass(type);
        final Schema schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, SchemaHistory.store());
    }

    /** The record type this serde writes and reads. */
    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        try {
            final ByteBuffer buffer = encoder.encode(data);
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic, e);
        }
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + " from topic " + topic, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(final java.util.Map<String, ?> configs, final boolean isKey) {
        // Nothing to configure: the schema comes from the type and older versions from SchemaHistory.
    }

    @Override
    public void close() {
        // Shared and stateless: nothing to release.
    }

    @Override
    public String toString() {
        return "AvroSerde[" + type.getSimpleName() + "]";
    }
}
