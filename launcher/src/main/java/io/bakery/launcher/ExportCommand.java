package io.bakery.launcher;

import io.bakery.exporter.ExportResult;
import io.bakery.exporter.ExporterSettings;
import io.bakery.exporter.OnDemandExport;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bakery export --client C --day D}: rebuild one client-day's delta file and deliver it again. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Rebuild one client-day's delta file from bakery.daily-deltas and re-deliver it.")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--client", required = true, description = "The client id.")
    String clientId;

    @Option(names = "--day", required = true, paramLabel = "YYYY-MM-DD",
            description = "The day, in the client's time zone.")
    LocalDate day;

    @Override
    public Integer call() throws Exception {
        final ExporterSettings settings = new ExporterSettings(ExporterSettings.DEFAULT_GROUP_ID,
                cluster.bootstrapServers, options.dataDir().resolve("exports"), options.load());
        if (settings.config().client(clientId).isEmpty()) {
            spec.commandLine().getErr().println("no client '" + clientId + "' in " + options.configFile);
            return 2;
        }
        try {
            final ExportResult result = OnDemandExport.run(settings, clientId, day);
            spec.commandLine().getOut().printf("delivered %s (%d rows, sha256 %s) to %s%n",
                    result.manifest().fileName(), result.manifest().rows(), result.manifest().sha256(),
                    result.destination());
            return 0;
        } catch (final OnDemandExport.IncompleteDayException e) {
            spec.commandLine().getErr().println("not exported: " + e.getMessage());
            return 1;
        }
    }
}
