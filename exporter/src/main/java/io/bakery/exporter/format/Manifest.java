package io.bakery.exporter.format;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What a delta file is: the client-day and its window, the spec of its layout, and its size and SHA-256. Kept on
 * our side (no partner documents a sidecar), next to the audit event that carries the same figures. Its JSON is
 * deterministic, so a rebuilt day has a byte-identical manifest.
 *
 * @param clientId the client
 * @param day the client-day (ISO date)
 * @param timeZone the client's time zone
 * @param windowStart the first instant of the day
 * @param windowEnd the first instant after it
 * @param spec the profile spec, e.g. {@code tealium/1}
 * @param fileName the data file's path relative to the destination
 * @param rows data lines (one per cookie and record id pair)
 * @param cookies distinct DMP cookie ids
 * @param bytes the data file's size
 * @param sha256 SHA-256 of the data file's bytes, lowercase hex
 */
public record Manifest(
        String clientId,
        String day,
        String timeZone,
        Instant windowStart,
        Instant windowEnd,
        String spec,
        String fileName,
        long rows,
        long cookies,
        long bytes,
        String sha256) {

    /** The version of this manifest's own layout. */
    public static final int MANIFEST_VERSION = 1;

    /** The manifest as one JSON object with a trailing newline. */
    public String toJson() {
        final StringWriter out = new StringWriter();
        try {
            out.write("{\"manifestVersion\":" + MANIFEST_VERSION);
            field(out, "client", clientId);
            field(out, "day", day);
            field(out, "timeZone", timeZone);
            field(out, "windowStart", windowStart.toString());
            field(out, "windowEnd", windowEnd.toString());
            field(out, "spec", spec);
            field(out, "file", fileName);
            out.write(",\"rows\":" + rows + ",\"cookies\":" + cookies + ",\"bytes\":" + bytes);
            field(out, "sha256", sha256);
            out.write("}\n");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void field(final StringWriter out, final String name, final String value) throws IOException {
        out.write(",\"" + name + "\":");
        DeltaFileWriter.writeJsonString(out, value);
    }
}
