package io.bakery.gateway.crm;

import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.normalize.HashCanonicalizer;
import io.bakery.schemas.normalize.Normalized;
import io.bakery.schemas.normalize.NormalizationSpec;
import io.bakery.schemas.normalize.Rejection;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the rows of one upload: a record id, canonical hashes, at least one identifier (unless removing), and
 * no record id twice. A row is accepted whole or rejected whole: nothing of a rejected row is produced.
 */
public final class RowValidator {

    /** A validated row: the record id and its distinct identifiers, or why it was rejected. */
    public record Outcome(String recordId, List<HashedIdentifier> identifiers, RowRejection rejection) {
        static Outcome rejected(final RowRejection rejection) {
            return new Outcome(null, List.of(), rejection);
        }
    }

    private final UploadMode mode;
    private final int maxRecordIdChars;
    private final RecordIdFingerprints seen = new RecordIdFingerprints();

    public RowValidator(final UploadMode mode, final int maxRecordIdChars) {
        this.mode = mode;
        this.maxRecordIdChars = maxRecordIdChars;
    }

    /** Validates one row; the duplicate check only counts rows that pass every other check. */
    public Outcome validate(final UploadRow row) {
        if (row.rejection() != null) {
            return Outcome.rejected(row.rejection());
        }
        final String recordId = row.recordId() == null ? "" : row.recordId().strip();
        if (recordId.isEmpty()) {
            return Outcome.rejected(RowRejection.MISSING_RECORD_ID);
        }
        if (recordId.length() > maxRecordIdChars) {
            return Outcome.rejected(RowRejection.RECORD_ID_TOO_LONG);
        }
        final List<HashedIdentifier> identifiers = new ArrayList<>(row.cells().size());
        if (mode != UploadMode.REMOVE) {
            for (int i = 0; i < row.cells().size(); i++) {
                final Normalized hash = HashCanonicalizer.canonicalize(row.cells().get(i));
                if (hash.rejection() == Rejection.EMPTY) {
                    continue;
                }
                if (!hash.isValid()) {
                    return Outcome.rejected(hash.rejection() == Rejection.HASH_OF_EMPTY_VALUE
                            ? RowRejection.HASH_OF_EMPTY_VALUE : RowRejection.BAD_HASH);
                }
                addDistinct(identifiers, row.types().get(i), hash.value());
            }
            if (identifiers.isEmpty()) {
                return Outcome.rejected(RowRejection.NO_IDENTIFIER);
            }
        }
        if (!seen.add(recordId)) {
            return Outcome.rejected(RowRejection.DUPLICATE_RECORD_ID);
        }
        return new Outcome(recordId, identifiers, null);
    }

    private static void addDistinct(final List<HashedIdentifier> identifiers, final IdentifierType type,
                                    final String hash) {
        for (final HashedIdentifier existing : identifiers) {
            if (existing.getType() == type && existing.getHash().equals(hash)) {
                return;
            }
        }
        identifiers.add(new HashedIdentifier(type, hash, NormalizationSpec.VERSION));
    }
}
