package io.bakery.exporter;

import io.bakery.schemas.avro.ClientDayKey;

/**
 * Called between the steps of exporting one client-day. The crash tests use it to stop the exporter exactly
 * there; production passes {@link #NONE}.
 */
public interface ExportProbe {

    ExportProbe NONE = new ExportProbe() {};

    /** The file and manifest are written locally; nothing is published yet. */
    default void afterWrite(final ClientDayKey day) {}

    /** The file is at the destination; the ledger does not say so yet. */
    default void afterPublish(final ClientDayKey day) {}
}
