package io.bakery.gateway.crm;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.GenerationMarker;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.ReplaceAllGeneration;
import java.time.Instant;
import java.util.List;

/**
 * Writes the accepted rows of one CRM upload to {@code bakery.crm-records} in the upload's transaction, per mode;
 * shared by the upload API and the pull, whatever the rows were read from.
 *
 * <p>Per mode, keyed by (client, record id): add = one upsert per row with the record's full identifier set;
 * remove = one tombstone per row; replace-all = upserts marked as members of the generation (id = upload id),
 * then, in {@link #finish()}, a COMPLETE marker with the member count on every partition, so each topology task
 * sees it after the members it holds.
 */
public final class CrmRecordWriter {

    private final String clientId;
    private final UploadMode mode;
    private final UploadTransactions.Transaction transaction;
    private final UploadReport report;
    private final Instant now;
    private final ReplaceAllGeneration member;
    private final boolean completes;

    /** A writer for a whole upload: a replace-all is its own generation (id = upload id) and completes it. */
    public CrmRecordWriter(final String clientId, final UploadMode mode,
                           final UploadTransactions.Transaction transaction, final UploadReport report,
                           final Instant now) {
        this(clientId, mode, transaction, report, now, report.uploadId(), true);
    }

    /**
     * A writer for one part of a larger replace-all: its members belong to generation {@code generationId}, and
     * {@link #finish()} writes no COMPLETE marker (whoever completes the generation does).
     */
    public static CrmRecordWriter partOf(final String generationId, final String clientId, final UploadMode mode,
                                         final UploadTransactions.Transaction transaction, final UploadReport report,
                                         final Instant now) {
        return new CrmRecordWriter(clientId, mode, transaction, report, now, generationId, false);
    }

    private CrmRecordWriter(final String clientId, final UploadMode mode,
                            final UploadTransactions.Transaction transaction, final UploadReport report,
                            final Instant now, final String generationId, final boolean completes) {
        this.clientId = clientId;
        this.mode = mode;
        this.transaction = transaction;
        this.report = report;
        this.now = now;
        this.member = mode == UploadMode.REPLACE_ALL
                ? new ReplaceAllGeneration(generationId, GenerationMarker.MEMBER, 0L) : null;
        this.completes = completes;
    }

    /** Sends one accepted record (its identifiers are ignored when removing) and counts it in the report. */
    public void write(final String recordId, final List<HashedIdentifier> identifiers) {
        final ClientRecordKey key = new ClientRecordKey(clientId, recordId);
        final CrmRecord value = mode == UploadMode.REMOVE ? null
                : new CrmRecord(clientId, recordId, identifiers, report.uploadId(), now, member);
        transaction.send(Topics.CRM_RECORDS, null, key, value);
        report.acceptedRecord(identifiers);
    }

    /**
     * Ends the rows: for a replace-all that completes its generation, refuses an empty generation and writes the
     * COMPLETE markers.
     *
     * @throws UnusableUploadException for a replace-all without a valid row
     */
    public void finish() {
        if (mode != UploadMode.REPLACE_ALL || !completes) {
            return;
        }
        if (report.accepted() == 0) {
            // An empty generation would delete every record of the client: too easy to do by mistake.
            throw new UnusableUploadException("a replace-all upload with no valid row would delete every record;"
                    + " nothing was stored");
        }
        transaction.flush();
        final ReplaceAllGeneration complete =
                new ReplaceAllGeneration(report.uploadId(), GenerationMarker.COMPLETE, report.accepted());
        final CrmRecord marker = new CrmRecord(clientId, "", List.of(), report.uploadId(), now, complete);
        for (final int partition : transaction.partitions(Topics.CRM_RECORDS)) {
            transaction.send(Topics.CRM_RECORDS, partition, new ClientRecordKey(clientId, ""), marker);
        }
    }
}
