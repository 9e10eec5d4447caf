package io.bakery.launcher;

import io.bakery.launcher.status.StatusEndpoint;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Where a component without a web server of its own serves {@code /metrics} and {@code /healthz}. */
public final class StatusOptions {

    @Option(names = "--metrics-host", defaultValue = "${env:BAKERY_METRICS_HOST:-0.0.0.0}",
            description = "Address of /metrics and /healthz. Env: BAKERY_METRICS_HOST. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:BAKERY_METRICS_PORT}",
            description = "Serve /metrics (Prometheus) and /healthz on this port; none when unset. "
                    + "Env: BAKERY_METRICS_PORT.")
    Integer port;

    /** Checks the options before anything starts. */
    void validate() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("--metrics-port must be 0..65535, was " + port);
        }
    }

    /** Runs {@code component} until the JVM stops, with its status endpoint when a port is set. */
    int runUntilStopped(final AutoCloseable component, final Supplier<String> metrics, final BooleanSupplier healthy)
            throws Exception {
        if (port == null) {
            return Lifecycle.runUntilStopped(component);
        }
        final StatusEndpoint endpoint;
        try {
            endpoint = StatusEndpoint.start(host, port, metrics, healthy);
        } catch (final IOException e) {
            component.close();
            throw e;
        }
        return Lifecycle.runUntilStopped(() -> {
            endpoint.close();
            component.close();
        });
    }
}
