package io.bakery.exporter.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.avro.EndMarker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientDayAssemblyTest {

    private static final ClientDayKey KEY = new ClientDayKey("acme", "2024-03-12");

    @TempDir
    Path out;

    private ClientDayAssembly assembly;

    @BeforeEach
    void createAssembly() throws IOException {
        assembly = new ClientDayAssembly(KEY, 0, 0, 0, new SpillFolder(out).create(KEY, "p0-o0"));
    }

    @AfterEach
    void closeAssembly() throws IOException {
        assembly.close();
    }

    @Test
    void shouldNotBeReadyWhenATaskMarkerIsMissing() throws IOException {
        assembly.add(row("c1"));
        assembly.add(marker("0_0", 2, 1));

        assertThat(assembly.ready()).isFalse();
    }

    @Test
    void shouldBeCompleteWhenEveryTaskMarkerIsInAndRowCountsAddUp() throws IOException {
        assembly.add(row("c1"));
        assembly.add(marker("0_0", 2, 1));
        assembly.add(row("c2"));
        assembly.add(row("c3"));
        assembly.add(marker("0_1", 2, 2));

        assertThat(assembly.ready()).isTrue();
        assertThat(assembly.inconsistency()).isEmpty();
    }

    @Test
    void shouldKeepRowsInTopicOrderWhenMarkersAreInterleaved() throws IOException {
        assembly.add(row("c1"));
        assembly.add(marker("0_0", 2, 1));
        assembly.add(row("c2"));
        assembly.add(row("c3"));
        assembly.add(marker("0_1", 2, 2));

        final List<String> cookies = new ArrayList<>();
        try (DaySpill.Reader rows = assembly.rows().read()) {
            rows.forEach(row -> cookies.add(row.getDmpCookieId()));
        }
        assertThat(cookies).containsExactly("c1", "c2", "c3");
    }

    @Test
    void shouldDeleteSpilledRowsWhenClosed() throws IOException {
        assembly.add(row("c1"));

        assembly.close();

        assertThat(assembly.rows().file()).doesNotExist();
    }

    @Test
    void shouldReportInconsistencyWhenRowsAreMissing() throws IOException {
        assembly.add(row("c1"));
        assembly.add(marker("0_0", 1, 2));

        assertThat(assembly.inconsistency()).get().asString().contains("count 2 rows, received 1");
    }

    @Test
    void shouldReportInconsistencyWhenMarkersDisagreeOnTaskCount() throws IOException {
        assembly.add(marker("0_0", 2, 0));
        assembly.add(marker("0_1", 3, 0));

        assertThat(assembly.inconsistency()).get().asString().contains("task count");
    }

    @Test
    void shouldReportInconsistencyWhenATaskMarksTheDayTwice() throws IOException {
        assembly.add(marker("0_0", 2, 0));
        assembly.add(marker("0_0", 2, 0));
        assembly.add(marker("0_1", 2, 0));

        assertThat(assembly.ready()).isTrue();
        assertThat(assembly.inconsistency()).get().asString().contains("duplicate");
    }

    private static DailyDeltaEntry row(final String cookie) {
        return new DailyDeltaEntry(KEY.getClientId(), KEY.getDay(), new DeltaRow(cookie, List.of("rec-" + cookie)));
    }

    private static DailyDeltaEntry marker(final String task, final int taskCount, final long rows) {
        return new DailyDeltaEntry(KEY.getClientId(), KEY.getDay(), new EndMarker(task, taskCount, rows));
    }
}
