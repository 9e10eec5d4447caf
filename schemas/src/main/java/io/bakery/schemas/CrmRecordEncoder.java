package io.bakery.schemas;

import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.HashedIdentifier;
import java.io.IOException;
import java.util.List;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@link CrmRecord}'s Avro binary body field by field, the bytes Avro's own writer produces.
 *
 * <p>Why by hand: every row of an upload or a pull becomes one CrmRecord, and Avro's generic writer spent most of
 * the sending thread's time on it (per field a lookup, a union resolution and the timestamp conversion). Avro
 * generates such direct coders ({@code customEncode}) for records without logical types, so it does for
 * {@link HashedIdentifier} and the generation, which this reuses, but not for CrmRecord ({@code updatedAt} is a
 * timestamp). {@code AvroSerdeTest} holds the bytes equal to Avro's for random records of every shape, so a change
 * to the schema that this class does not follow fails the build.
 */
final class CrmRecordEncoder implements AvroSerde.BodyEncoder<CrmRecord> {

    @Override
    public void encode(final CrmRecord record, final Encoder out) throws IOException {
        out.writeString(record.getClientId());
        out.writeString(record.getRecordId());
        final List<HashedIdentifier> identifiers = record.getIdentifiers();
        out.writeArrayStart();
        out.setItemCount(identifiers.size());
        for (final HashedIdentifier identifier : identifiers) {
            out.startItem();
            identifier.customEncode(out);
        }
        out.writeArrayEnd();
        out.writeString(record.getUploadId());
        // timestamp-millis: Avro's conversion writes Instant.toEpochMilli().
        out.writeLong(record.getUpdatedAt().toEpochMilli());
        if (record.getGeneration() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            record.getGeneration().customEncode(out);
        }
    }
}
