package io.bakery.testsupport.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScanTest {

    private final FileScan files = new FileScan(new PlaintextScanner(List.of("noor.vos7@example.nl")));

    @TempDir
    Path dir;

    @Test
    void shouldFindAPlantedValueWhenAFileDeepBelowTheFolderHoldsIt() throws Exception {
        Files.createDirectories(dir.resolve("exports/acme"));
        Files.writeString(dir.resolve("exports/acme/delta.csv"), "cookie,record\nabc,noor.vos7@example.nl\n");
        Files.writeString(dir.resolve("clean.txt"), "nothing here");

        final ScanReport report = files.scan("files", dir, p -> false);

        assertThat(report.items()).isEqualTo(2);
        assertThat(report.findings()).extracting(ScanReport.Finding::where)
                .containsExactly(dir.resolve("exports/acme/delta.csv").toString());
    }

    @Test
    void shouldLeaveOutAFileWhenTheSkipRuleNamesIt() throws Exception {
        Files.writeString(dir.resolve("input.csv"), "noor.vos7@example.nl\n");

        final ScanReport report = files.scan("files", dir, p -> p.getFileName().toString().equals("input.csv"));

        assertThat(report.items()).isZero();
        assertThat(report.findingCount()).isZero();
    }
}
