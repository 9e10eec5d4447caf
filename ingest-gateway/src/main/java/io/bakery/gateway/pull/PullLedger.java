package io.bakery.gateway.pull;

import io.bakery.schemas.avro.AuditEvent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which files each source has had pulled, keyed by source, path, size and modification time, so a file seen
 * before is not even read again. It has no topic of its own: every pull's audit event on {@code bakery.audit}
 * carries the file's source, path, size, time and SHA-256 (committed in the same transaction as the file's
 * records, or alone for a rejected file), and the ledger is rebuilt from them at start
 * (see {@link io.bakery.gateway.crm.UploadReportStore}'s listener). Exactly-once does not rest on this index
 * but on the file's SHA-256, the upload's idempotency key: a file that changed name or time is read again,
 * its checksum found among the committed keys, and nothing is produced twice.
 */
public final class PullLedger {

    /** Audit actions of the pull. */
    public static final String ACTION_PULL = "pull";
    public static final String ACTION_PULL_REJECTED = ACTION_PULL + "-rejected";
    /** Audit details of a pulled file. */
    public static final String DETAIL_SOURCE = "pull.source";
    public static final String DETAIL_PATH = "pull.path";
    public static final String DETAIL_SIZE = "pull.size";
    public static final String DETAIL_MODIFIED = "pull.modified";
    public static final String DETAIL_SHA256 = "pull.sha256";
    /** The audit detail with a refusal's reason. */
    public static final String DETAIL_ERROR = "error";
    /** The audit detail with a committed upload's report. */
    public static final String DETAIL_REPORT = "report";

    /** What happened to a file: committed (with its report) or rejected (with the reason). */
    public record Entry(boolean committed, String sha256, String report, String error) {}

    private final Map<String, Entry> files = new ConcurrentHashMap<>();

    /** Indexes a pull's audit event; other events are ignored. */
    public void index(final AuditEvent event) {
        final boolean committed = ACTION_PULL.equals(event.getAction());
        if (!committed && !ACTION_PULL_REJECTED.equals(event.getAction())) {
            return;
        }
        final Map<String, String> details = event.getDetails();
        final String source = details.get(DETAIL_SOURCE);
        final String path = details.get(DETAIL_PATH);
        final String size = details.get(DETAIL_SIZE);
        final String modified = details.get(DETAIL_MODIFIED);
        if (source == null || path == null || size == null || modified == null) {
            return;
        }
        files.put(key(source, path, size, modified), new Entry(committed, details.get(DETAIL_SHA256),
                details.get(DETAIL_REPORT), details.get(DETAIL_ERROR)));
    }

    /** Records an outcome right away (the audit follower will see it again later). */
    public void record(final Map<String, String> fileDetails, final Entry entry) {
        files.put(key(fileDetails.get(DETAIL_SOURCE), fileDetails.get(DETAIL_PATH), fileDetails.get(DETAIL_SIZE),
                fileDetails.get(DETAIL_MODIFIED)), entry);
    }

    /** What happened to this very file (same path, size and time) of {@code source}, if anything. */
    public Optional<Entry> find(final String source, final SourceFile file) {
        return Optional.ofNullable(files.get(key(source, file.name(), String.valueOf(file.size()),
                file.modified().toString())));
    }

    private static String key(final String source, final String path, final String size, final String modified) {
        return source + '\n' + path + '\n' + size + '\n' + modified;
    }
}
