package io.bakery.exporter.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DeltaRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFolderTest {

    private static final ClientDayKey DAY = new ClientDayKey("acme", "2024-03-12");

    @TempDir
    Path out;

    @Test
    void shouldReadRowsBackInAppendOrderWhenSpilled() throws IOException {
        final List<DeltaRow> rows = List.of(
                new DeltaRow("cookie-2", List.of("rec-1", "rec \"2\", x")),
                new DeltaRow("cookie-1", List.of()),
                new DeltaRow("cöokie-€", List.of("réc-3")));
        try (DaySpill spill = new SpillFolder(out).create(DAY, "p0-o0")) {
            for (final DeltaRow row : rows) {
                spill.append(row);
            }

            assertThat(spill.rows()).isEqualTo(3);
            assertThat(readAll(spill)).isEqualTo(rows);
        }
    }

    @Test
    void shouldKeepAppendingWhenReleasedBetweenRows() throws IOException {
        try (DaySpill spill = new SpillFolder(out).create(DAY, "p0-o0")) {
            spill.append(new DeltaRow("c1", List.of("r1")));
            spill.release();
            spill.append(new DeltaRow("c2", List.of("r2")));

            assertThat(readAll(spill)).extracting(DeltaRow::getDmpCookieId).containsExactly("c1", "c2");
        }
    }

    @Test
    void shouldCreateFileReadableOnlyByOwnerWhenSpilling() throws IOException {
        try (DaySpill spill = new SpillFolder(out).create(DAY, "p0-o0")) {
            assertThat(Files.getPosixFilePermissions(spill.file()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(spill.file().getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(spill.file()).startsWith(out.resolve(SpillFolder.DIRECTORY));
        }
    }

    @Test
    void shouldStartEmptyWhenALeftoverHasTheSameName() throws IOException {
        final SpillFolder folder = new SpillFolder(out);
        final DaySpill leftover = folder.create(DAY, "p0-o0");
        leftover.append(new DeltaRow("old", List.of("r1")));
        leftover.release();
        Files.setPosixFilePermissions(leftover.file(), PosixFilePermissions.fromString("rw-r--r--"));

        try (DaySpill spill = folder.create(DAY, "p0-o0")) {
            spill.append(new DeltaRow("new", List.of("r2")));

            assertThat(readAll(spill)).extracting(DeltaRow::getDmpCookieId).containsExactly("new");
            assertThat(Files.getPosixFilePermissions(spill.file()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void shouldDeleteFileWhenClosed() throws IOException {
        final DaySpill spill = new SpillFolder(out).create(DAY, "p0-o0");
        spill.append(new DeltaRow("c1", List.of("r1")));

        spill.close();

        assertThat(spill.file()).doesNotExist();
    }

    @Test
    void shouldDeleteOnlyDeliveredDaysWhenCleaningLeftovers() throws IOException {
        final SpillFolder folder = new SpillFolder(out);
        final ClientDayKey open = new ClientDayKey("acme", "2024-03-13");
        final Path delivered = folder.create(DAY, "p0-o0").file();
        final Path deliveredOnDemand = folder.create(DAY, "on-demand-1").file();
        final Path unfinished = folder.create(open, "p0-o7").file();

        final int deleted = folder.deleteDelivered(Set.of(DAY)::contains);

        assertThat(deleted).isEqualTo(2);
        assertThat(delivered).doesNotExist();
        assertThat(deliveredOnDemand).doesNotExist();
        assertThat(unfinished).exists();
    }

    private static List<DeltaRow> readAll(final DaySpill spill) throws IOException {
        final List<DeltaRow> rows = new ArrayList<>();
        try (DaySpill.Reader reader = spill.read()) {
            reader.forEach(rows::add);
        }
        return rows;
    }
}
