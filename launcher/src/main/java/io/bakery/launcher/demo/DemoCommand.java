package io.bakery.launcher.demo;

import io.bakery.launcher.world.WorldSize;
import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bakery demo}: a synthetic world through the whole stack, with a per-client summary at the end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic world, run Bakery on an embedded broker, feed the world through the "
                + "real entry points, close the day and print each client's funnel and delta file.",
            "The world's input files are kept under <data-dir>/world (see its README.md)."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "medium", paramLabel = "small|medium|large|N",
            description = "World size, or a number of people. Default: ${DEFAULT-VALUE}")
    String size;

    @Option(names = "--seed", defaultValue = "42", description = "The world's seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--config", paramLabel = "FILE",
            defaultValue = "${env:BAKERY_CONFIG:-${sys:bakery.home:-.}/config/bakery.dev.yaml}",
            description = "Clients, partners, keys (YAML). Default: ${DEFAULT-VALUE}")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${sys:bakery.home:-.}/data/demo",
            description = "The demo's own folder (cleared at start if an earlier demo's). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--broker-port", defaultValue = "0",
            description = "The embedded broker's port (the controller uses the next one); 0: any free pair. Default: ${DEFAULT-VALUE}")
    int brokerPort;

    @Option(names = "--port", defaultValue = "8080", description = "The gateway's port. Default: ${DEFAULT-VALUE}")
    int gatewayPort;

    @Option(names = "--admin-key", defaultValue = "dev-admin-key", description = "Operator API key. Default: ${DEFAULT-VALUE}")
    String adminKey;

    @Option(names = "--client-key", defaultValue = "dev-%s-key",
            description = "Client API keys, %%s = client id. Default: ${DEFAULT-VALUE}")
    String clientKeyPattern;

    @Option(names = "--exit", description = "Stop the stack after the summary instead of keeping it running.")
    boolean exit;

    @Override
    public Integer call() throws Exception {
        final BakeryConfig config = BakeryConfig.load(configFile, System.getenv());
        final DemoSettings settings = new DemoSettings(WorldSize.parse(size), seed, dataDir, brokerPort, gatewayPort,
                adminKey, clientKeyPattern);
        final DemoRunner.Outcome outcome = new DemoRunner(settings, System.out).run(config);
        if (exit) {
            outcome.stack().close();
            return 0;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            outcome.stack().close();
            stopped.countDown();
        }, "bakery-demo-shutdown"));
        System.out.printf("The stack keeps running for the dashboard. Press Ctrl-C to stop.%n");
        stopped.await();
        return 0;
    }
}
