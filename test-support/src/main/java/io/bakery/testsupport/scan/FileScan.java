package io.bakery.testsupport.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Scans the bytes of every regular file below a folder, as they lie on disk. */
public final class FileScan {

    private final PlaintextScanner scanner;

    public FileScan(final PlaintextScanner scanner) {
        this.scanner = scanner;
    }

    /** Scans every file below {@code root} that {@code skip} does not exclude (e.g. the test's own inputs). */
    public ScanReport scan(final String place, final Path root, final Predicate<Path> skip) {
        final ScanReport.Builder report = new ScanReport.Builder(place);
        scanInto(report, root, skip);
        return report.build();
    }

    /** Scans the given files (logs, say) into one report. */
    public ScanReport scanFiles(final String place, final List<Path> files) {
        final ScanReport.Builder report = new ScanReport.Builder(place);
        files.forEach(file -> scanFile(file, report));
        return report.build();
    }

    private void scanInto(final ScanReport.Builder report, final Path root, final Predicate<Path> skip) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(skip.negate()).sorted().forEach(file -> scanFile(file, report));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot walk " + root, e);
        }
    }

    private void scanFile(final Path file, final ScanReport.Builder report) {
        report.addItem();
        try (InputStream in = Files.newInputStream(file)) {
            scanner.scan(in, file.toString(), report);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
