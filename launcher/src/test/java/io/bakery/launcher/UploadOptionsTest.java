package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.crm.UploadSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UploadOptionsTest {

    @Test
    void shouldBuildTheUploadSettingsWhenLimitsAreGiven() {
        final GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs("--bootstrap-servers", "127.0.0.1:1", "--max-upload-bytes", "1000",
                "--concurrent-uploads", "2", "--upload-transaction-timeout", "PT5M");

        final UploadSettings settings = command.uploads.settings();

        assertThat(settings.maxBodyBytes()).isEqualTo(1000);
        assertThat(settings.concurrentUploads()).isEqualTo(2);
        assertThat(settings.transactionTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldKeepTheDefaultsWhenNoLimitIsGiven() {
        final GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs("--bootstrap-servers", "127.0.0.1:1");

        assertThat(command.uploads.settings()).isEqualTo(UploadSettings.defaults());
    }

    @Test
    void shouldExitWithUsageErrorNamingTheOptionWhenALimitIsInvalid() {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setErr(new PrintWriter(err, true));

        final int exitCode = commandLine.execute("gateway", "--bootstrap-servers", "127.0.0.1:1",
                "--upload-transaction-timeout", "PT1H");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--upload-transaction-timeout").contains("transactionTimeout");
    }
}
