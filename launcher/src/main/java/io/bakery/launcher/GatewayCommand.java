package io.bakery.launcher;

import io.bakery.gateway.GatewayApp;
import io.bakery.gateway.GatewaySettings;
import io.bakery.gateway.crm.UploadSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bakery gateway}: the ingest gateway alone, against any Kafka cluster. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run the ingest gateway against a Kafka cluster.")
final class GatewayCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    UploadOptions uploads;

    @Option(names = "--host", defaultValue = "${env:BAKERY_GATEWAY_HOST:-0.0.0.0}",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "${env:BAKERY_GATEWAY_PORT:-8080}",
            description = "HTTP port. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--pixel-port", defaultValue = "${env:BAKERY_PIXEL_PORT:--1}",
            description = "Port of the dedicated pixel listener (the sync and identity pixels, opt-out, robots.txt"
                    + " on Netty; they stay on --port too). -1: none. Default: ${DEFAULT-VALUE}")
    int pixelPort;

    @Override
    public Integer call() throws Exception {
        final UploadSettings uploadSettings = uploads.settings();
        final GatewayApp app = GatewayApp.start(new GatewaySettings(host, port, cluster.bootstrapServers,
                options.dataDir().resolve("gateway"), options.load(), uploadSettings, pixelPort));
        return Lifecycle.runUntilStopped(app);
    }
}
