package io.bakery.schemas;

import io.bakery.schemas.avro.CrmRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
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
 * <p>Thread-safe: the encoding buffers are kept per thread, Avro's decoder keeps its own per thread.
 *
 * <p>Why not Avro's {@code BinaryMessageEncoder}: it writes through a direct encoder into a
 * {@code ByteArrayOutputStream}, one synchronized call per varint byte, which made encoding a large share of
 * the cost of every produced record (a fifth of a CRM upload's time). This serde writes the same bytes (the
 * tests compare them with Avro's) through a buffered encoder into an unsynchronized buffer.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** The single-object encoding marker that starts every encoded value. */
    private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};

    /** Writes the Avro binary body of one value (everything after the single-object header). */
    @FunctionalInterface
    interface BodyEncoder<T> {
        void encode(T value, Encoder out) throws IOException;
    }

    private final Class<T> type;
    private final byte[] header;
    private final BodyEncoder<T> body;
    private final ThreadLocal<EncodingBuffer> buffers = ThreadLocal.withInitial(EncodingBuffer::new);
    private final BinaryMessageDecoder<T> decoder;

    @SuppressWarnings("unchecked")
    AvroSerde(final Class<T> type) {
        this.type = type;
        final SpecificData model = SpecificData.getForClass(type);
        final Schema schema = model.getSchema(type);
        this.header = ByteBuffer.allocate(MARKER.length + Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put(MARKER).putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
        this.body = bodyEncoder(type, (DatumWriter<T>) model.createDatumWriter(schema));
        this.decoder = new BinaryMessageDecoder<>(model, schema, SchemaHistory.store());
    }

    /** Avro's writer, or a hand-written one for a type on a hot path (see {@link CrmRecordEncoder}). */
    @SuppressWarnings("unchecked")
    private static <T> BodyEncoder<T> bodyEncoder(final Class<T> type, final DatumWriter<T> writer) {
        if (type == CrmRecord.class) {
            return (BodyEncoder<T>) new CrmRecordEncoder();
        }
        return (value, out) -> writer.write(value, out);
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
        final EncodingBuffer buffer = buffers.get();
        try {
            return buffer.encode(header, body, data);
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

    /** One thread's output buffer and Avro encoder, reused from value to value. */
    private static final class EncodingBuffer extends OutputStream {
        /** A buffer that grew past this (one huge value) is dropped after use instead of kept. */
        private static final int KEEP_AT_MOST = 1 << 20;

        private byte[] bytes = new byte[512];
        private int count;
        private BinaryEncoder encoder;

        <T> byte[] encode(final byte[] header, final BodyEncoder<T> body, final T data) throws IOException {
            count = 0;
            if (encoder == null) {
                encoder = EncoderFactory.get().binaryEncoder(this, null);
            }
            boolean done = false;
            try {
                write(header, 0, header.length);
                body.encode(data, encoder);
                encoder.flush();
                done = true;
                return Arrays.copyOf(bytes, count);
            } finally {
                if (!done) {
                    // The encoder may still hold bytes of the failed value; the next value gets a fresh one.
                    encoder = null;
                }
                if (bytes.length > KEEP_AT_MOST) {
                    bytes = new byte[512];
                }
            }
        }

        @Override
        public void write(final int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(final byte[] source, final int offset, final int length) {
            ensure(length);
            System.arraycopy(source, offset, bytes, count, length);
            count += length;
        }

        private void ensure(final int more) {
            if (count + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
            }
        }
    }
}
