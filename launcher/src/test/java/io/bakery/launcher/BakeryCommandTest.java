package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BakeryCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldListEveryComponentWhenAskedForHelp() {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setOut(new PrintWriter(out));

        final int exitCode = commandLine.execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("dev", "gateway", "topology", "exporter", "topics");
    }

    @Test
    void shouldExitWithBadFieldNamedWhenConfigurationIsInvalid() throws Exception {
        final Path config = dir.resolve("bakery.yaml");
        Files.writeString(config, "clients:\n  - id: acme\n    dmp: tealium\n    partners: [acme]\n    timeZone: Mars/Olympus\n");
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setErr(new PrintWriter(err));

        final int exitCode = commandLine.execute("gateway", "--config", config.toString(),
                "--bootstrap-servers", "127.0.0.1:1", "--data-dir", dir.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("clients[0].timeZone").contains("Mars/Olympus");
    }

    @Test
    void shouldRequireBootstrapServersWhenRunningOneComponent() {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setErr(new PrintWriter(err));

        final int exitCode = commandLine.execute("topology", "--data-dir", dir.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers");
    }

    @Test
    void shouldRefuseRocksDbWriteBuffersThatDoNotFitInTheCacheNamingBothOptions() {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setErr(new PrintWriter(err));

        final int exitCode = commandLine.execute("topology", "--bootstrap-servers", "127.0.0.1:1",
                "--data-dir", dir.toString(), "--rocksdb-cache-mib", "64", "--rocksdb-write-buffer-mib", "128");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--rocksdb-write-buffer-mib (128)").contains("--rocksdb-cache-mib (64)");
    }

    @Test
    void shouldParseDevConfigurationWhenItShipsWithTheRepository() {
        // The dev stack's own configuration must always be valid: `./bakery dev` depends on it.
        final Path devConfig = Path.of("..", "config", "bakery.dev.yaml");

        assertThat(io.bakery.schemas.config.BakeryConfig.load(devConfig, java.util.Map.of()).clients()).hasSize(9);
    }
}
