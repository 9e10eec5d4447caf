package io.bakery.exporter;

import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.avro.EndMarker;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a closed client-day as the daily windows write it: each task's rows, then its end marker. */
final class DailyDeltas {

    private final ClientDayKey key;
    private final int taskCount;
    private final List<Map.Entry<ClientDayKey, DailyDeltaEntry>> entries = new ArrayList<>();

    DailyDeltas(final String clientId, final String day, final int taskCount) {
        this.key = new ClientDayKey(clientId, day);
        this.taskCount = taskCount;
    }

    /** One task's rows followed by its marker, which counts {@code claimedRows} (normally rows.size()). */
    DailyDeltas task(final int task, final List<DeltaRow> rows, final long claimedRows) {
        for (final DeltaRow row : rows) {
            entries.add(new SimpleImmutableEntry<>(key, new DailyDeltaEntry(key.getClientId(), key.getDay(), row)));
        }
        entries.add(new SimpleImmutableEntry<>(key, new DailyDeltaEntry(key.getClientId(), key.getDay(),
                new EndMarker("0_" + task, taskCount, claimedRows))));
        return this;
    }

    DailyDeltas task(final int task, final List<DeltaRow> rows) {
        return task(task, rows, rows.size());
    }

    List<Map.Entry<ClientDayKey, DailyDeltaEntry>> entries() {
        return List.copyOf(entries);
    }

    ClientDayKey key() {
        return key;
    }
}
