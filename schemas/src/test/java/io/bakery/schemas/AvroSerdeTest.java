package io.bakery.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.SyncEvent;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final RandomRecords randomRecords = new RandomRecords(20261123L);

    @Test
    void shouldRoundTripEveryWireTypeWhenEncodedAndDecoded() {
        for (final Class<? extends SpecificRecord> type : SchemaHistory.WIRE_TYPES) {
            for (int i = 0; i < 50; i++) {
                assertRoundTrip(type);
            }
        }
    }

    private <T extends SpecificRecord> void assertRoundTrip(final Class<T> type) {
        final AvroSerde<T> serde = AvroSerdes.of(type);
        final T record = randomRecords.next(type);

        final byte[] bytes = serde.serialize("t", record);

        assertThat(serde.deserialize("t", bytes)).as(type.getSimpleName()).isEqualTo(record);
    }

    @Test
    void shouldWriteExactlyAvrosSingleObjectBytesWhenSerializingEveryWireType() throws Exception {
        for (final Class<? extends SpecificRecord> type : SchemaHistory.WIRE_TYPES) {
            for (int i = 0; i < 50; i++) {
                assertSameBytesAsAvro(type);
            }
        }
    }

    @Test
    void shouldWriteCrmRecordsByHandExactlyAsAvroWouldWhenTheyTakeEveryShape() throws Exception {
        // CrmRecord has a hand-written encoder (the hot path of uploads and pulls): many more shapes than above.
        for (int i = 0; i < 2_000; i++) {
            assertSameBytesAsAvro(CrmRecord.class);
        }
    }

    private <T extends SpecificRecord> void assertSameBytesAsAvro(final Class<T> type) throws Exception {
        final SpecificData model = SpecificData.getForClass(type);
        final BinaryMessageEncoder<T> avro = new BinaryMessageEncoder<>(model, model.getSchema(type));
        final T record = randomRecords.next(type);
        final ByteBuffer expected = avro.encode(record);

        assertThat(ByteBuffer.wrap(AvroSerdes.of(type).serialize("t", record))).as(type.getSimpleName())
                .isEqualTo(expected);
    }

    @Test
    void shouldEncodeNextValueCleanlyWhenAnEncodingFailedHalfway() {
        final AvroSerde<ClientBakeryKey> serde = AvroSerdes.of(ClientBakeryKey.class);
        final ClientBakeryKey broken = new ClientBakeryKey("acme-with-a-long-client-id", null);

        assertThatThrownBy(() -> serde.serialize("t", broken)).isInstanceOf(SerializationException.class);
        final ClientBakeryKey next = new ClientBakeryKey("acme", "b1");
        assertThat(serde.deserialize("t", serde.serialize("t", next))).isEqualTo(next);
    }

    @Test
    void shouldWriteSingleObjectEncodingHeaderWhenSerializing() {
        final byte[] bytes = AvroSerdes.of(ClientBakeryKey.class).serialize("t", new ClientBakeryKey("acme", "b1"));

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    @Test
    void shouldKeepTombstonesNullWhenValueIsNull() {
        final AvroSerde<SyncEvent> serde = AvroSerdes.of(SyncEvent.class);

        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void shouldDecodeRecordWrittenWithReleasedSchemaWhenWriterWasGeneric() throws Exception {
        // An outside producer with nothing but plain Avro and the released v1 file writes a key.
        final List<Schema> released = SchemaHistory.releasedVersions("ClientBakeryKey");
        final GenericRecord key = new GenericData.Record(released.get(0));
        key.put("clientId", "acme");
        key.put("bakeryId", "b-1");
        final ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released.get(0)).encode(key);
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        assertThat(AvroSerdes.of(ClientBakeryKey.class).deserialize("t", bytes))
                .isEqualTo(new ClientBakeryKey("acme", "b-1"));
    }

    @Test
    void shouldFailWithSerializationExceptionWhenBytesAreNotSingleObjectEncoded() {
        final AvroSerde<SyncEvent> serde = AvroSerdes.of(SyncEvent.class);

        assertThatThrownBy(() -> serde.deserialize("bakery.sync-events", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("SyncEvent")
                .hasMessageContaining("bakery.sync-events");
    }

    @Test
    void shouldFailWithSerializationExceptionWhenWriterSchemaIsUnknown() throws Exception {
        final Schema unknown = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Stranger\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
        final GenericRecord stranger = new GenericData.Record(unknown);
        stranger.put("x", 1);
        final ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unknown).encode(stranger);
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        assertThatThrownBy(() -> AvroSerdes.of(SyncEvent.class).deserialize("t", bytes))
                .isInstanceOf(SerializationException.class);
    }
}
