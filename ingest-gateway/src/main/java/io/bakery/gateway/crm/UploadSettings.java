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

    /** The shortest row limit that still fits a record id and a 64-character hash. */
    public static final int MIN_ROW_CHARS = 80;
    /** The broker's default {@code transaction.max.timeout.ms}. */
    public static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    public UploadSettings {
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(waitForSlot, "waitForSlot");
        require(maxBodyBytes >= 1, "maxBodyBytes must be at least 1, was " + maxBodyBytes);
        require(maxRowChars >= MIN_ROW_CHARS, "maxRowChars must be at least " + MIN_ROW_CHARS
                + " (a record id and one hash), was " + maxRowChars);
        require(maxRecordIdChars >= 1, "maxRecordIdChars must be at least 1, was " + maxRecordIdChars);
        require(concurrentUploads >= 1, "concurrentUploads must be at least 1, was " + concurrentUploads);
        // Kafka refuses a transaction timeout of more than the broker's transaction.max.timeout.ms (15 min by
        // default) when the producer starts, i.e. at the first upload; checked here so it fails at start instead.
        require(transactionTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                && transactionTimeout.compareTo(MAX_TRANSACTION_TIMEOUT) <= 0,
                "transactionTimeout must be 1s..15m (the broker's default transaction.max.timeout.ms), was "
                        + transactionTimeout);
        require(!waitForSlot.isNegative(), "waitForSlot must not be negative, was " + waitForSlot);
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** 4 GiB bodies, 8 KiB rows, 128-character record ids, 4 concurrent uploads, 15-minute transactions. */
    public static UploadSettings defaults() {
        return new UploadSettings(4L << 30, 8192, 128, 4, Duration.ofMinutes(15), Duration.ofSeconds(30));
    }

    /** The same settings with another number of concurrent uploads. */
    public UploadSettings withConcurrentUploads(final int uploads) {
        return new UploadSettings(maxBodyBytes, maxRowChars, maxRecordIdChars, uploads, transactionTimeout,
                waitForSlot);
    }

    /** The same settings with another transaction timeout. */
    public UploadSettings withTransactionTimeout(final Duration timeout) {
        return new UploadSettings(maxBodyBytes, maxRowChars, maxRecordIdChars, concurrentUploads, timeout,
                waitForSlot);
    }

    /** The same settings with another body limit. */
    public UploadSettings withMaxBodyBytes(final long bytes) {
        return new UploadSettings(bytes, maxRowChars, maxRecordIdChars, concurrentUploads, transactionTimeout,
                waitForSlot);
    }
}
