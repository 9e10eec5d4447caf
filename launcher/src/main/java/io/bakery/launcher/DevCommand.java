package io.bakery.launcher;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bakery dev}: the whole stack on one machine, on an embedded broker, until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run Bakery on this machine: a single-node KRaft broker (child JVM), every topic, and "
                + "gateway, topology and exporter in one process. Ctrl-C stops everything.")
final class DevCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--broker-port", defaultValue = "${env:BAKERY_BROKER_PORT:-19092}",
            description = "The dev broker's port on 127.0.0.1 (the controller uses the next one). Default: ${DEFAULT-VALUE}")
    int brokerPort;

    @Option(names = "--port", defaultValue = "${env:BAKERY_GATEWAY_PORT:-8080}",
            description = "The gateway's HTTP port. Default: ${DEFAULT-VALUE}")
    int gatewayPort;

    @Override
    public Integer call() throws Exception {
        final DevStack stack = DevStack.start(options.load(), options.dataDir(), brokerPort, gatewayPort);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "bakery-dev-shutdown"));
        final String url = stack.gatewayUrl();
        System.out.printf("%nBakery dev stack is running (data in %s)%n", options.dataDir());
        System.out.printf("  Kafka      %s%n", stack.bootstrapServers());
        System.out.printf("  gateway    %s%n", url);
        System.out.printf("  health     %s/healthz   ready: %s/readyz%n", url, url);
        System.out.printf("  sync pixel %s/bakery/sync/dmpsyncendpoint?partner=...&cookieid=...%n", url);
        System.out.printf("Press Ctrl-C to stop.%n");
        stopped.await();
        return 0;
    }
}
