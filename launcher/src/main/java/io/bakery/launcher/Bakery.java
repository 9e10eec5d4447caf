package io.bakery.launcher;

import io.bakery.schemas.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code bakery} command. Each subcommand only wires settings to a component; no logic lives here. */
@Command(name = "bakery", mixinStandardHelpOptions = true, version = "bakery 0.1.0",
        description = "Cookie sync and CRM onboarding on Kafka Streams.",
        subcommands = {
            DevCommand.class,
            GatewayCommand.class,
            TopologyCommand.class,
            ExporterCommand.class,
            ExportCommand.class,
            CloseDayCommand.class,
            io.bakery.launcher.demo.DemoCommand.class,
            TopicsCommand.class,
            BrokerCommand.class,
            HashCommand.class,
        })
public final class Bakery implements Runnable {

    /** Avro 1.12.2 decodes generated classes only from trusted packages (AVRO-4189); read once, so set first. */
    static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

    @Spec
    CommandSpec spec;

    public static void main(final String[] args) {
        if (System.getProperty(AVRO_TRUSTED_PACKAGES) == null) {
            System.setProperty(AVRO_TRUSTED_PACKAGES, "io.bakery.schemas.avro");
        }
        System.exit(commandLine().execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line, for main and for tests. */
    static CommandLine commandLine() {
        final CommandLine commandLine = new CommandLine(new Bakery());
        // A bad configuration is the operator's to fix: say what and where, without a stack trace.
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("configuration error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine;
    }
}
