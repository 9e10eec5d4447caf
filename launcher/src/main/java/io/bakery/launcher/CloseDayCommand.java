package io.bakery.launcher;

import io.bakery.schemas.Topics;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.topology.daily.DayClosePublisher;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bakery close-day --client C --day D}: close one client-day now instead of after its grace period. The
 * topology's daily windows emit the day's rows and end markers at once, and the exporter writes the delta file.
 */
@Command(name = "close-day", mixinStandardHelpOptions = true,
        description = {"Close one client-day now: the topology emits its rows and the exporter writes its delta file.",
            "Events of that day that arrive later count for the next day."})
final class CloseDayCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--client", required = true, description = "The client id.")
    String clientId;

    @Option(names = "--day", required = true, paramLabel = "YYYY-MM-DD",
            description = "The day, in the client's time zone; today or earlier.")
    LocalDate day;

    @Override
    public Integer call() {
        final BakeryConfig config = options.load();
        final Optional<ClientConfig> client = config.client(clientId);
        if (client.isEmpty()) {
            spec.commandLine().getErr().println("no client '" + clientId + "' in " + options.configFile);
            return 2;
        }
        final LocalDate today = LocalDate.now(client.get().zone());
        if (day.isAfter(today)) {
            spec.commandLine().getErr().println("--day " + day + " has not started yet for " + clientId
                    + " (today is " + today + " in " + client.get().zone() + ")");
            return 2;
        }
        final String requestId = new DayClosePublisher(cluster.bootstrapServers, Clock.systemUTC())
                .publish(clientId, day, "operator");
        spec.commandLine().getOut().printf("close of %s %s requested (%s on every partition of %s)%n",
                clientId, day, requestId, Topics.CONTROL_DAY_CLOSE.name());
        return 0;
    }
}
