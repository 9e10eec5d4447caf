package io.bakery.gateway.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.gateway.kafka.TopicFollower;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports of committed uploads, by upload id and by Idempotency-Key, for {@code GET .../uploads/{id}} and for
 * retries. Durable and shared between gateway instances without a topic of its own: every committed upload's audit
 * event carries its report and key, in the same transaction as its records, so this store replays
 * {@code bakery.audit} (read_committed) at start and follows it. Keys are therefore remembered for the audit
 * topic's retention (400 days).
 *
 * <p>Limit: two instances receiving the same key at the same moment could both run the upload; the records are
 * upserts by record id, so the data ends the same, only written twice. Within one instance a second request
 * with a key in flight is refused (409).
 */
public final class UploadReportStore implements AutoCloseable {

    /** Audit actions that carry a report. */
    public static final String ACTION_UPLOAD = "upload";
    public static final String ACTION_INTAKE = "identity-intake";
    /** Audit detail names. */
    public static final String DETAIL_REPORT = "report";
    public static final String DETAIL_IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String DETAIL_SCOPE = "scope";

    private static final Logger LOG = LoggerFactory.getLogger(UploadReportStore.class);

    private final Map<String, String> byUpload = new ConcurrentHashMap<>();
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    /** Per upload session (scope/session): the report of each committed part, by part number. */
    private final Map<String, SortedMap<Integer, String>> sessionParts = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Consumer<AuditEvent> listener;
    private final TopicFollower follower;

    public UploadReportStore(final String bootstrapServers) {
        this(bootstrapServers, event -> { });
    }

    /**
     * A store that also hands every committed audit event it reads to {@code listener} (on its follower thread,
     * in topic order per partition), e.g. for the pull's ledger, which lives in the same events.
     */
    public UploadReportStore(final String bootstrapServers, final Consumer<AuditEvent> listener) {
        this.listener = listener;
        this.follower = new TopicFollower(bootstrapServers, "upload-report-follower", List.of(Topics.AUDIT.name()),
                record -> index(Topics.AUDIT.valueSerde().deserializer().deserialize(record.topic(), record.value())));
    }

    /** Whether every report committed before this instance started is known (needed to honour a key). */
    public boolean caughtUp() {
        return follower.caughtUp();
    }

    /** The report of upload {@code uploadId} in {@code scope} (a client id, or the intake scope). */
    public Optional<String> byUpload(final String scope, final String uploadId) {
        return Optional.ofNullable(byUpload.get(scope + '/' + uploadId));
    }

    /** The report of the upload that used Idempotency-Key {@code key} in {@code scope}. */
    public Optional<String> byIdempotencyKey(final String scope, final String key) {
        return Optional.ofNullable(byKey.get(scope + '/' + key));
    }

    /** The reports of the committed parts of upload session {@code session} in {@code scope}, by part number. */
    public SortedMap<Integer, String> sessionParts(final String scope, final String session) {
        final SortedMap<Integer, String> parts = sessionParts.get(scope + '/' + session);
        if (parts == null) {
            return new TreeMap<>();
        }
        synchronized (parts) {
            return new TreeMap<>(parts);
        }
    }

    /** Marks a key as in flight; false if another request with the key is running here. */
    public boolean claim(final String scope, final String key) {
        return inFlight.add(scope + '/' + key);
    }

    /** Ends what {@link #claim} began. */
    public void release(final String scope, final String key) {
        inFlight.remove(scope + '/' + key);
    }

    /** Remembers a report right after its transaction committed (the follower will see it again later). */
    public void put(final String scope, final String uploadId, final String key, final String report) {
        byUpload.put(scope + '/' + uploadId, report);
        if (key != null) {
            byKey.putIfAbsent(scope + '/' + key, report);
        }
        if (report.contains('"' + UploadSessions.SESSION + '"')) {
            indexPart(scope, report);
        }
    }

    private void indexPart(final String scope, final String report) {
        try {
            final JsonNode node = JSON.readTree(report);
            final JsonNode session = node.get(UploadSessions.SESSION);
            final JsonNode part = node.get(UploadSessions.PART);
            if (session == null || part == null || !session.isTextual() || !part.canConvertToInt()) {
                return;
            }
            final SortedMap<Integer, String> parts =
                    sessionParts.computeIfAbsent(scope + '/' + session.asText(), s -> new TreeMap<>());
            synchronized (parts) {
                // A part sent again under a new key (its first answer was lost before the report was known here)
                // wrote the same rows again: the latest report stands for the part.
                parts.put(part.asInt(), report);
            }
        } catch (final java.io.IOException e) {
            LOG.warn("an upload report in the audit topic is not JSON; its session part is not indexed");
        }
    }

    private void index(final AuditEvent event) {
        if (event == null) {
            return;
        }
        listener.accept(event);
        final Map<String, String> details = event.getDetails();
        final String report = details.get(DETAIL_REPORT);
        final String scope = details.get(DETAIL_SCOPE);
        if (report == null || scope == null || event.getReference() == null) {
            return;
        }
        put(scope, event.getReference(), details.get(DETAIL_IDEMPOTENCY_KEY), report);
    }

    @Override
    public void close() {
        follower.close();
    }
}
