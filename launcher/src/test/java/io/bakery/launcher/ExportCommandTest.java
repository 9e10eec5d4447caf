package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldRequireDayWhenExportingOnDemand() {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setErr(new PrintWriter(err));

        final int exitCode = commandLine.execute("export", "--client", "acme", "--bootstrap-servers", "127.0.0.1:1",
                "--data-dir", dir.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--day");
    }

    @Test
    void shouldRejectDayWhenItIsNotAnIsoDate() {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setErr(new PrintWriter(err));

        final int exitCode = commandLine.execute("export", "--client", "acme", "--day", "12/03/2024",
                "--bootstrap-servers", "127.0.0.1:1", "--data-dir", dir.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("12/03/2024");
    }

    @Test
    void shouldNameBadFieldWhenClientIsUnknown() {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setErr(new PrintWriter(err));

        final Path devConfig = Path.of("..", "config", "bakery.dev.yaml");
        final int exitCode = commandLine.execute("export", "--client", "nobody", "--day", "2024-03-12",
                "--config", devConfig.toString(), "--bootstrap-servers", "127.0.0.1:1", "--data-dir", dir.toString());

        assertThat(exitCode).isNotZero();
        assertThat(err.toString()).contains("nobody");
    }
}
