package io.bakery.gateway.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.normalize.NormalizationSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report of one upload as it is counted, then written as the JSON document the API returns and the audit
 * event keeps. It holds counts and row numbers only, never a record id or a hash.
 */
public final class UploadReport {

    /** How many row numbers are listed per rejection reason. */
    public static final int SAMPLE_ROWS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String uploadId;
    private final String clientId;
    private final String kind;
    private final String mode;
    private final Instant receivedAt;
    private final Map<String, Long> rejectedCounts = new TreeMap<>();
    private final Map<String, List<Long>> rejectedRows = new TreeMap<>();
    /** Accepted identifiers per type, by the type's ordinal: a row adds to them without boxing a count. */
    private final long[] identifiers = new long[IdentifierType.values().length];
    private long rows;
    private long accepted;
    private String session;
    private int part = -1;

    public UploadReport(final String uploadId, final String clientId, final String kind, final String mode,
                        final Instant receivedAt) {
        this.uploadId = uploadId;
        this.clientId = clientId;
        this.kind = kind;
        this.mode = mode;
        this.receivedAt = receivedAt;
    }

    /** Counts an accepted row and its identifiers. */
    public void accepted(final List<IdentifierType> types) {
        rows++;
        accepted++;
        for (final IdentifierType type : types) {
            identifiers[type.ordinal()]++;
        }
    }

    /** Counts an accepted record and its identifiers by type. */
    public void acceptedRecord(final List<HashedIdentifier> recordIdentifiers) {
        rows++;
        accepted++;
        for (final HashedIdentifier identifier : recordIdentifiers) {
            identifiers[identifier.getType().ordinal()]++;
        }
    }

    /** Counts a rejected row. */
    public void rejected(final long rowNumber, final Enum<?> reason) {
        rows++;
        rejectedCounts.merge(reason.name(), 1L, Long::sum);
        final List<Long> sample = rejectedRows.computeIfAbsent(reason.name(), r -> new ArrayList<>());
        if (sample.size() < SAMPLE_ROWS) {
            sample.add(rowNumber);
        }
    }

    public String uploadId() {
        return uploadId;
    }

    /** Marks this upload as part {@code part} of upload session {@code session} (see {@link UploadSessions}). */
    public void partOf(final String session, final int part) {
        this.session = session;
        this.part = part;
    }

    public long rows() {
        return rows;
    }

    public long accepted() {
        return accepted;
    }

    public long rejected() {
        return rows - accepted;
    }

    /** Rejected rows per reason. */
    public Map<String, Long> rejectedCounts() {
        return Map.copyOf(rejectedCounts);
    }

    /** Accepted identifiers per type. */
    public Map<IdentifierType, Long> identifierCounts() {
        final Map<IdentifierType, Long> counts = new EnumMap<>(IdentifierType.class);
        for (final IdentifierType type : IdentifierType.values()) {
            if (identifiers[type.ordinal()] > 0) {
                counts.put(type, identifiers[type.ordinal()]);
            }
        }
        return Map.copyOf(counts);
    }

    /**
     * The report document.
     *
     * @param status {@code complete} (everything accepted is in Kafka) or {@code rejected} (nothing was stored)
     * @param error why the upload was refused as a whole, or null
     * @param body the body's size and checksum, or null if it was not read to the end
     */
    public ObjectNode toJson(final String status, final String error, final UploadBody.Summary body,
                             final Instant completedAt) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("uploadId", uploadId);
        if (clientId != null) {
            node.put("clientId", clientId);
        }
        node.put("kind", kind);
        if (mode != null) {
            node.put("mode", mode);
        }
        if (session != null) {
            node.put(UploadSessions.SESSION, session);
            node.put(UploadSessions.PART, part);
        }
        node.put("status", status);
        if (error != null) {
            node.put("error", error);
        }
        node.put("specVersion", NormalizationSpec.VERSION);
        node.put("rows", rows);
        node.put("accepted", accepted);
        node.put("rejected", rows - accepted);
        final ObjectNode byReason = node.putObject("rejectedByReason");
        rejectedCounts.forEach((reason, count) -> {
            final ObjectNode entry = byReason.putObject(reason);
            entry.put("count", count);
            rejectedRows.get(reason).forEach(entry.putArray("rows")::add);
        });
        final ObjectNode byType = node.putObject("identifiersByType");
        for (final IdentifierType type : IdentifierType.values()) {
            if (identifiers[type.ordinal()] > 0) {
                byType.put(IdentifierColumn.name(type), identifiers[type.ordinal()]);
            }
        }
        if (body != null) {
            node.put("bodyBytes", body.receivedBytes());
            node.put("decodedBytes", body.decodedBytes());
            node.put("bodySha256", body.sha256());
        }
        node.put("receivedAt", receivedAt.toString());
        node.put("completedAt", completedAt.toString());
        return node;
    }
}
