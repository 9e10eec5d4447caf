package io.bakery.exporter.assembly;

import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.avro.EndMarker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of one client-day as they arrive from {@code bakery.daily-deltas}: its rows and the end markers of
 * the tasks that produced them. A day is ready when every producing task's marker is in (each task writes its rows
 * before its marker to the same partition, so then all rows are in too); it is complete when, in addition, the
 * markers agree on the task count and their row counts add up to the rows received.
 */
public final class ClientDayAssembly {

    private final ClientDayKey key;
    private final int partition;
    private final long firstOffset;
    private final long firstSeenAtMs;
    private final List<DeltaRow> rows = new ArrayList<>();
    private final Map<String, EndMarker> markers = new LinkedHashMap<>();
    private int duplicateMarkers;

    public ClientDayAssembly(final ClientDayKey key, final int partition, final long firstOffset, final long nowMs) {
        this.key = key;
        this.partition = partition;
        this.firstOffset = firstOffset;
        this.firstSeenAtMs = nowMs;
    }

    /** Adds one entry of this client-day. */
    public void add(final DailyDeltaEntry entry) {
        if (entry.getEntry() instanceof DeltaRow row) {
            rows.add(row);
        } else if (entry.getEntry() instanceof EndMarker marker) {
            if (markers.putIfAbsent(marker.getTaskId(), marker) != null) {
                duplicateMarkers++;
            }
        } else {
            throw new IllegalArgumentException("unknown daily-delta entry " + entry.getEntry());
        }
    }

    /** Whether every producing task's end marker is in. */
    public boolean ready() {
        return !markers.isEmpty() && markers.size() >= markers.values().iterator().next().getTaskCount();
    }

    /** Why a ready day is not complete, or empty if it is. */
    public Optional<String> inconsistency() {
        final long taskCounts = markers.values().stream().mapToInt(EndMarker::getTaskCount).distinct().count();
        if (taskCounts != 1) {
            return Optional.of("end markers disagree on the task count");
        }
        if (duplicateMarkers > 0) {
            return Optional.of(duplicateMarkers + " duplicate end marker(s)");
        }
        final long expected = markers.values().stream().mapToLong(EndMarker::getRowCount).sum();
        if (expected != rows.size()) {
            return Optional.of("end markers count " + expected + " rows, received " + rows.size());
        }
        return Optional.empty();
    }

    public ClientDayKey key() {
        return key;
    }

    public int partition() {
        return partition;
    }

    public long firstOffset() {
        return firstOffset;
    }

    public long firstSeenAtMs() {
        return firstSeenAtMs;
    }

    /** The rows in topic order. */
    public List<DeltaRow> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** How many tasks' markers are in, and how many are expected (0 before the first marker). */
    public String markerProgress() {
        final int expected = markers.isEmpty() ? 0 : markers.values().iterator().next().getTaskCount();
        return markers.size() + "/" + expected;
    }
}
