package io.bakery.launcher;

import io.bakery.exporter.ExporterApp;
import io.bakery.exporter.ExporterSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bakery exporter}: the daily-delta exporter alone, against any Kafka cluster. */
@Command(name = "exporter", mixinStandardHelpOptions = true,
        description = "Run the daily match exporter against a Kafka cluster.")
final class ExporterCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    StatusOptions status;

    @Option(names = "--group-id", defaultValue = "${env:BAKERY_EXPORTER_GROUP:-" + ExporterSettings.DEFAULT_GROUP_ID + "}",
            description = "Consumer group; exporters sharing it split the clients. Default: ${DEFAULT-VALUE}")
    String groupId;

    @Override
    public Integer call() throws Exception {
        status.validate();
        final ExporterApp app = ExporterApp.start(new ExporterSettings(groupId, cluster.bootstrapServers,
                options.dataDir().resolve("exports"), options.load()));
        return status.runUntilStopped(app, app::scrape, app::running);
    }
}
