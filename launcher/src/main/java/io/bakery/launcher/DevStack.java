package io.bakery.launcher;

import io.bakery.exporter.ExporterApp;
import io.bakery.exporter.ExporterSettings;
import io.bakery.gateway.GatewayApp;
import io.bakery.gateway.GatewaySettings;
import io.bakery.launcher.broker.DevBroker;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.topology.TopologyApp;
import io.bakery.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bakery on one machine: a single-node KRaft broker in a child JVM, every topic, and gateway, topology and
 * exporter in this process. Everything lives under one data folder, so a restart resumes the same data.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private DevBroker broker;
    private GatewayApp gateway;

    private DevStack() {}

    /**
     * Starts the stack; on any failure, what already runs is stopped again.
     *
     * @param dataDir the one folder for all local data
     * @param brokerPort the broker's client port (the controller uses the next one)
     * @param gatewayPort the gateway's HTTP port; 0 picks a free one
     */
    public static DevStack start(final BakeryConfig config, final Path dataDir, final int brokerPort,
            final int gatewayPort) throws IOException, InterruptedException {
        return start(config, dataDir, brokerPort, gatewayPort, TopologySettings.DEFAULT_STATS_INTERVAL);
    }

    /**
     * Starts the stack with the topology publishing client statistics every {@code statsInterval} instead of
     * every minute (the demo wants a funnel that is fresh seconds after processing ends, not a minute later).
     */
    public static DevStack start(final BakeryConfig config, final Path dataDir, final int brokerPort,
            final int gatewayPort, final Duration statsInterval) throws IOException, InterruptedException {
        final DevStack stack = new DevStack();
        try {
            stack.startAll(config, dataDir, brokerPort, gatewayPort, statsInterval);
            return stack;
        } catch (final IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(final BakeryConfig config, final Path dataDir, final int brokerPort, final int gatewayPort,
            final Duration statsInterval) throws IOException, InterruptedException {
        broker = new DevBroker(dataDir.resolve("kafka"), brokerPort);
        running.push(broker);
        broker.start();
        new TopicProvisioner(broker.bootstrapServers(), 1, 1).createMissing();
        final String bootstrap = broker.bootstrapServers();
        running.push(TopologyApp.start(new TopologySettings(TopologySettings.DEFAULT_APPLICATION_ID, bootstrap,
                dataDir.resolve("topology"), 1, 0, 1, config).withStatsInterval(statsInterval)));
        running.push(ExporterApp.start(new ExporterSettings(ExporterSettings.DEFAULT_GROUP_ID, bootstrap,
                dataDir.resolve("exports"), config)));
        gateway = GatewayApp.start(new GatewaySettings("127.0.0.1", gatewayPort, bootstrap,
                dataDir.resolve("gateway"), config));
        running.push(gateway);
    }

    /** The broker's address. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The gateway's base URL. */
    public String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** The broker child process. */
    public ProcessHandle brokerProcess() {
        return broker.processHandle();
    }

    /** Stops the components, newest first, then the broker. */
    @Override
    public void close() {
        while (!running.isEmpty()) {
            final AutoCloseable component = running.pop();
            try {
                component.close();
            } catch (final Exception e) {
                LOG.warn("stopping {} failed", component.getClass().getSimpleName(), e);
            }
        }
    }
}
