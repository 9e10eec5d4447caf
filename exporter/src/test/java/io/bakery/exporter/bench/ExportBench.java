package io.bakery.exporter.bench;

import io.bakery.exporter.assembly.DaySpill;
import io.bakery.exporter.assembly.SpillFolder;
import io.bakery.exporter.format.ClientDay;
import io.bakery.exporter.format.ExportFormat;
import io.bakery.exporter.format.Manifest;
import io.bakery.exporter.format.StagingWriter;
import io.bakery.exporter.profile.PartnerProfile;
import io.bakery.exporter.profile.PartnerProfiles;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.config.Dmp;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A client-day of {@code bench.rows} delta rows written the way the exporter writes it: from the day's spill
 * through the Permutive profile (CSV, gzip) into a staged, fsynced file with its SHA-256; then the same rows as
 * the uncompressed CSV, which {@code bench/export-10m.sh} gives to {@code gzip -c} in the same run. Not a test.
 *
 * <p>Prints {@code spill_seconds}, {@code export_seconds} (the timed part), the files and the peak heap in use.
 */
public final class ExportBench {

    private ExportBench() {}

    public static void main(final String[] args) throws Exception {
        final long rows = Long.getLong("bench.rows", 10_000_000);
        final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
        final ClientDay day = new ClientDay("bench", LocalDate.parse("2026-11-22"), ZoneOffset.UTC);
        final PartnerProfile profile = PartnerProfiles.of(Dmp.PERMUTIVE);

        long start = System.nanoTime();
        try (DaySpill spill = new SpillFolder(dir).create(new ClientDayKey("bench", "2026-11-22"), "bench")) {
            for (long i = 0; i < rows; i++) {
                // A Permutive user id is a UUID; a CRM record id as clients number them.
                spill.append(new DeltaRow(uuid(i), List.of("crm-" + (10_000_000 + i))));
            }
            spill.release();
            System.out.printf("spill_seconds=%.2f%n", seconds(start));

            final ExportFormat gzip = new ExportFormat(profile, profile.delimiter(), true, null, null);
            start = System.nanoTime();
            final Manifest manifest;
            try (DaySpill.Reader reader = spill.read()) {
                manifest = new StagingWriter(gzip).write(day, reader, rows, "bench.csv.gz", dir.resolve("bench.csv.gz"));
            }
            System.out.printf("export_seconds=%.2f%n", seconds(start));
            System.out.printf("export_file=%s bytes=%d sha256=%s%n", dir.resolve("bench.csv.gz"), manifest.bytes(),
                    manifest.sha256());

            final ExportFormat plain = new ExportFormat(profile, profile.delimiter(), false, null, null);
            start = System.nanoTime();
            try (DaySpill.Reader reader = spill.read()) {
                new StagingWriter(plain).write(day, reader, rows, "bench.csv", dir.resolve("bench.csv"));
            }
            System.out.printf("plain_seconds=%.2f%n", seconds(start));
            System.out.printf("plain_file=%s%n", dir.resolve("bench.csv"));
        }
        System.out.printf("peak_heap_mb=%.0f max_heap_mb=%d%n", peakHeapBytes() / 1e6,
                Runtime.getRuntime().maxMemory() / 1_000_000);
    }

    private static String uuid(final long i) {
        final String hex = String.format("%016x%016x", i * 0x9E3779B97F4A7C15L, ~i * 0xC2B2AE3D27D4EB4FL);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static double seconds(final long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
