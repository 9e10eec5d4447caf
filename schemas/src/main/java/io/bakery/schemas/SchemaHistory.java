package io.bakery.schemas;

import io.bakery.schemas.avro.AuditEvent;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.CrmRecordState;
import io.bakery.schemas.avro.DeadLetter;
import io.bakery.schemas.avro.IdentifierChange;
import io.bakery.schemas.avro.MatchChange;
import io.bakery.schemas.avro.RecordFunnelChange;
import io.bakery.schemas.avro.RecordLinkChange;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DayCloseRequest;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ExportDelivery;
import io.bakery.schemas.avro.ErasureSubject;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.SyncEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every released version of every wire schema, so that a reader can decode what any earlier writer wrote.
 *
 * <p>Single-object encoding names the writer schema only by its 64-bit fingerprint; a decoder can resolve the
 * fingerprint only if that exact schema is in its {@link SchemaStore}. Released versions therefore live under
 * {@code schemas/<RecordName>/v<N>.avsc} on the classpath and are never edited: a new version is a new file.
 */
public final class SchemaHistory {

    /** Every record type that is written to a topic as a whole key or value. */
    public static final List<Class<? extends SpecificRecord>> WIRE_TYPES = List.of(
            ClientBakeryKey.class,
            IdentifierKey.class,
            ClientRecordKey.class,
            ErasureSubject.class,
            ClientCookieKey.class,
            ClientDayKey.class,
            SyncEvent.class,
            IdentityLink.class,
            CrmRecord.class,
            Erasure.class,
            Match.class,
            DailyDeltaEntry.class,
            AuditEvent.class,
            // The matching topology's own topics and store values: changelogs and through-topics outlive a release.
            IdentifierChange.class,
            RecordLinkChange.class,
            MatchChange.class,
            CrmRecordState.class,
            ClientStats.class,
            DeadLetter.class,
            RecordFunnelChange.class,
            ExportDelivery.class,
            DayCloseRequest.class);

    private static final SchemaStore.Cache STORE = loadStore();

    private SchemaHistory() {}

    /** A store holding every released version of every wire type. */
    public static SchemaStore store() {
        return STORE;
    }

    /** The released versions of one record type, oldest first (v1, v2, ...). */
    public static List<Schema> releasedVersions(final String recordName) {
        final List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            final String path = resourcePath(recordName, version);
            try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read released schema " + path, e);
            }
        }
    }

    /** Where version {@code version} of {@code recordName} is kept on the classpath. */
    public static String resourcePath(final String recordName, final int version) {
        return "/schemas/" + recordName + "/v" + version + ".avsc";
    }

    private static SchemaStore.Cache loadStore() {
        final SchemaStore.Cache cache = new SchemaStore.Cache();
        for (final Class<? extends SpecificRecord> type : WIRE_TYPES) {
            releasedVersions(type.getSimpleName()).forEach(cache::addSchema);
        }
        return cache;
    }
}
