package io.bakery.launcher;

import io.bakery.launcher.broker.DevBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bakery broker}: the dev stack's single-node KRaft broker alone, with every topic, until Ctrl-C. For
 * running the components as separate processes on one machine (benchmarks measure one component this way,
 * without the others competing for its cores).
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run the dev broker alone (a single-node KRaft broker in a child JVM) and create every topic.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--broker-port", defaultValue = "${env:BAKERY_BROKER_PORT:-19092}",
            description = "The broker's port on 127.0.0.1 (the controller uses the next one). Default: ${DEFAULT-VALUE}")
    int brokerPort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:BAKERY_DATA_DIR:-${sys:bakery.home:-.}/data}",
            description = "Where the broker keeps its log (under kafka/). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        final DevBroker broker = new DevBroker(dataDir.toAbsolutePath().normalize().resolve("kafka"), brokerPort);
        try {
            broker.start();
            new TopicProvisioner(broker.bootstrapServers(), 1, 1).createMissing();
        } catch (final Exception e) {
            broker.close();
            throw e;
        }
        System.out.printf("Bakery dev broker is running on %s. Press Ctrl-C to stop.%n", broker.bootstrapServers());
        return Lifecycle.runUntilStopped(broker);
    }
}
