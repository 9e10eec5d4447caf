package io.bakery.gateway.crm;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and resources of the upload API (CRM uploads and identity-graph intake).
 *
 * @param maxBodyBytes the largest body accepted, counted both as received and after gzip decoding (413 beyond)
 * @param maxRowChars the longest row or NDJSON line; longer ones are rejected with ROW_TOO_LONG
 * @param maxRecordIdChars the longest record id; longer ones are rejected with RECORD_ID_TOO_LONG
 * @param concurrentUploads how many uploads run at once per gateway (one transactional producer each)
 * @param transactionTimeout how long one upload's transaction may stay open (at most the broker's
 *     {@code transaction.max.timeout.ms}, 15 minutes by default)
 * @param waitForSlot how long an upload waits for a free producer before it is answered 503
 */
public record UploadSettings(
        long maxBodyBytes,
        int maxRowChars,
        int maxRecordIdChars,
        int concurrentUploads,
        Duration transactionTimeout,
        Duration waitForSlot) {

    public UploadSettings {
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(waitForSlot, "waitForSlot");
        if (maxBodyBytes < 1 || maxRowChars < 16 || maxRecordIdChars < 1 || concurrentUploads < 1) {
            throw new IllegalArgumentException("upload limits must be positive (rows at least 16 characters)");
        }
    }

    /** 4 GiB bodies, 8 KiB rows, 128-character record ids, 4 concurrent uploads, 15-minute transactions. */
    public static UploadSettings defaults() {
        return new UploadSettings(4L << 30, 8192, 128, 4, Duration.ofMinutes(15), Duration.ofSeconds(30));
    }

    /** The same settings with another body limit. */
    public UploadSettings withMaxBodyBytes(final long bytes) {
        return new UploadSettings(bytes, maxRowChars, maxRecordIdChars, concurrentUploads, transactionTimeout,
                waitForSlot);
    }
}
