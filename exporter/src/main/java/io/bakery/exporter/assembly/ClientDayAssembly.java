package io.bakery.exporter.assembly;

import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.avro.EndMarker;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of one client-day as they arrive from {@code bakery.daily-deltas}: its rows and the end markers of
 * the tasks that produced them. A day is ready when every producing task's marker is in (each task writes its rows
 * before its marker to the same partition, so then all rows are in too); it is complete when, in addition, the
 * markers agree on the task count and their row counts add up to the rows received.
 *
 * <p>Rows go to a {@link DaySpill} on local disk as they arrive, so a day of any size takes a few kilobytes of
 * heap here; closing the assembly deletes the spill.
 */
public final class ClientDayAssembly implements AutoCloseable {

    private final ClientDayKey key;
    private final int partition;
    private final long firstOffset;
    private final long firstSeenAtMs;
    private final DaySpill rows;
    private final Map<String, EndMarker> markers = new LinkedHashMap<>();
    private int duplicateMarkers;

    /**
     * An empty assembly of {@code key}, whose first entry is at {@code firstOffset} of {@code partition}, keeping its
     * rows in {@code rows}.
     */
    public ClientDayAssembly(final ClientDayKey key, final int partition, final long firstOffset, final long nowMs,
            final DaySpill rows) {
        this.key = key;
        this.rows = rows;
        this.partition = partition;
        this.firstOffset = firstOffset;
        this.firstSeenAtMs = nowMs;
    }

    /** Adds one entry of this client-day. */
    public void add(final DailyDeltaEntry entry) throws IOException {
        if (entry.getEntry() instanceof DeltaRow row) {
            rows.append(row);
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
        if (expected != rows.rows()) {
            return Optional.of("end markers count " + expected + " rows, received " + rows.rows());
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

    /**
     * The rows in topic order. All entries of a client-day share one partition (the key is the client-day), so a
     * re-read yields the same order and a rebuilt file the same bytes: no sort is needed.
     */
    public DaySpill rows() {
        return rows;
    }

    /** How many tasks' markers are in, and how many are expected (0 before the first marker). */
    public String markerProgress() {
        final int expected = markers.isEmpty() ? 0 : markers.values().iterator().next().getTaskCount();
        return markers.size() + "/" + expected;
    }

    /** Deletes the spilled rows; the assembly is not used afterwards. */
    @Override
    public void close() throws IOException {
        rows.close();
    }
}
