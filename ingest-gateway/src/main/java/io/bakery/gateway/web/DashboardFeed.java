package io.bakery.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.gateway.kafka.TopicFollower;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.AuditEvent;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.ExportDelivery;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client dashboard shows, kept in memory from the topics other components write (the gateway calls no
 * other component): the latest funnel per client from the compacted {@code bakery.client-stats}, the delivery
 * ledger's entries per client-day from the compacted {@code bakery.export-ledger}, and the recent upload reports
 * from {@code bakery.audit}. One consumer thread replays the three topics (read_committed) from their start, then
 * follows them; each view is bounded per client.
 */
public final class DashboardFeed implements AutoCloseable {

    /** Recent uploads kept per client. */
    public static final int RECENT_UPLOADS = 20;
    /** Export days kept per client. */
    public static final int RECENT_EXPORT_DAYS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An upload as the dashboard lists it: the audit event's report (counts and row numbers only). */
    public record UploadEntry(String uploadId, String action, long occurredAt, JsonNode report, String error) {}

    private final Map<String, ClientStats> stats = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<String, ExportDelivery>> exports = new ConcurrentHashMap<>();
    private final Map<String, Deque<UploadEntry>> uploads = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    public DashboardFeed(final String bootstrapServers) {
        this.follower = new TopicFollower(bootstrapServers, "dashboard-feed",
                List.of(Topics.CLIENT_STATS.name(), Topics.EXPORT_LEDGER.name(), Topics.AUDIT.name()), this::apply);
    }

    /** The client's latest funnel, if the topology has published one. */
    public Optional<ClientStats> stats(final String clientId) {
        return Optional.ofNullable(stats.get(clientId));
    }

    /** The client's export days, newest first. */
    public List<ExportDelivery> exports(final String clientId) {
        final NavigableMap<String, ExportDelivery> days = exports.get(clientId);
        if (days == null) {
            return List.of();
        }
        synchronized (days) {
            return new ArrayList<>(days.descendingMap().values());
        }
    }

    /** The client's recent uploads, newest first. */
    public List<UploadEntry> uploads(final String clientId) {
        final Deque<UploadEntry> recent = uploads.get(clientId);
        if (recent == null) {
            return List.of();
        }
        synchronized (recent) {
            final List<UploadEntry> list = new ArrayList<>(recent);
            java.util.Collections.reverse(list);
            return list;
        }
    }

    private void apply(final ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(Topics.CLIENT_STATS.name())) {
                final String clientId = Topics.CLIENT_STATS.keySerde().deserializer().deserialize(record.topic(),
                        record.key());
                if (record.value() == null) {
                    stats.remove(clientId);
                } else {
                    stats.put(clientId, Topics.CLIENT_STATS.valueSerde().deserializer().deserialize(record.topic(),
                            record.value()));
                }
            } else if (record.topic().equals(Topics.EXPORT_LEDGER.name())) {
                applyLedger(record);
            } else if (record.value() != null) {
                applyAudit(Topics.AUDIT.valueSerde().deserializer().deserialize(record.topic(), record.value()));
            }
        } catch (final RuntimeException e) {
            // One unreadable record must not stop the feed; its coordinates say where to look.
            LOG.warn("dashboard feed skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }

    private void applyLedger(final ConsumerRecord<byte[], byte[]> record) {
        final ClientDayKey key = Topics.EXPORT_LEDGER.keySerde().deserializer().deserialize(record.topic(),
                record.key());
        final NavigableMap<String, ExportDelivery> days =
                exports.computeIfAbsent(key.getClientId(), c -> new TreeMap<>());
        synchronized (days) {
            if (record.value() == null) {
                days.remove(key.getDay());
            } else {
                days.put(key.getDay(), Topics.EXPORT_LEDGER.valueSerde().deserializer().deserialize(record.topic(),
                        record.value()));
            }
            while (days.size() > RECENT_EXPORT_DAYS) {
                days.pollFirstEntry();
            }
        }
    }

    private void applyAudit(final AuditEvent event) {
        if (event.getClientId() == null || !isUpload(event.getAction())) {
            return;
        }
        final String reportText = event.getDetails().get("report");
        JsonNode report = null;
        if (reportText != null) {
            try {
                report = JSON.readTree(reportText);
            } catch (final IOException e) {
                return;
            }
            // The parts of an upload session are listed through the session's own report.
            if (report.has("session")) {
                return;
            }
        }
        final UploadEntry entry = new UploadEntry(event.getReference(), event.getAction(),
                event.getOccurredAt().toEpochMilli(), report, event.getDetails().get("error"));
        final Deque<UploadEntry> recent = uploads.computeIfAbsent(event.getClientId(), c -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(entry);
            while (recent.size() > RECENT_UPLOADS) {
                recent.removeFirst();
            }
        }
    }

    private static boolean isUpload(final String action) {
        return action != null && (action.equals("upload") || action.equals("upload-rejected")
                || action.startsWith("pull"));
    }

    @Override
    public void close() {
        follower.close();
    }
}
