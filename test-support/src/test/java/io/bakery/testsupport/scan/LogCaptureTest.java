package io.bakery.testsupport.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogCaptureTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.bakery.testsupport.scan.planted");
    private static final String COOKIE_ID = "0162974812345abcdef01000000000000000000000001";
    private final PlaintextScanner scanner = new PlaintextScanner(List.of(COOKIE_ID, "sem.smit3@example.org"));

    @TempDir
    Path dir;

    @Test
    void shouldCatchAPlantedValueWhenItIsLoggedAtDebug() {
        try (LogCapture capture = LogCapture.start(dir.resolve("run.log"), "io.bakery.testsupport.scan.planted")) {
            LOG.debug("sync hit from cookie {}", COOKIE_ID);
        }

        final ScanReport report = new FileScan(scanner).scanFiles("logs", List.of(dir.resolve("run.log")));

        assertThat(report.findings()).extracting(ScanReport.Finding::needle).containsExactly(COOKIE_ID);
    }

    @Test
    void shouldCatchAPlantedValueWhenItHidesInTheCauseOfALoggedException() {
        try (LogCapture capture = LogCapture.start(dir.resolve("run.log"))) {
            LOG.warn("upload failed", new IllegalStateException("row 3",
                    new IllegalArgumentException("bad value sem.smit3@example.org")));
        }

        final ScanReport report = new FileScan(scanner).scanFiles("logs", List.of(dir.resolve("run.log")));

        assertThat(report.findings()).extracting(ScanReport.Finding::needle).containsExactly("sem.smit3@example.org");
    }

    @Test
    void shouldCatchAPlantedValueWhenAComponentPrintsItToItsOutput() {
        final List<Path> files;
        try (LogCapture capture = LogCapture.start(dir.resolve("run.log"))) {
            final PrintStream out = capture.tee(new PrintStream(PrintStream.nullOutputStream()));
            out.println("[demo] cookie " + COOKIE_ID);
            files = capture.files();
        }

        final ScanReport report = new FileScan(scanner).scanFiles("logs", files);

        assertThat(report.findingCount()).isEqualTo(1);
    }
}
