package io.bakery.topology;

import io.bakery.topology.metrics.ClientStatsGauges;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link BakeryTopology} as a Kafka Streams application until closed, with its meters in a Prometheus
 * registry ({@link #scrape()}): the Streams client's own metrics (consumer lag, process and commit rates, produced
 * records per topic) and each client's matching funnel ({@link ClientStatsGauges}).
 */
public final class TopologyApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyApp.class);

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final ClientStatsGauges clientStats;

    private TopologyApp(final TopologySettings settings, final Map<String, ?> overrides) {
        final Properties props = settings.toStreamsProperties();
        props.putAll(overrides);
        this.streams = new KafkaStreams(BakeryTopology.build(settings), props);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        this.clientStats = new ClientStatsGauges(settings.bootstrapServers(), settings.config(), registry);
        streams.setStateListener((now, before) -> LOG.info("topology state {} -> {}", before, now));
        // A failed thread is replaced; its tasks restart from the last committed transaction.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** Starts processing in the background. */
    public static TopologyApp start(final TopologySettings settings) {
        return start(settings, Map.of());
    }

    /** Starts processing with extra Kafka Streams settings on top of {@code settings} (e.g. client timeouts). */
    public static TopologyApp start(final TopologySettings settings, final Map<String, ?> overrides) {
        final TopologyApp app = new TopologyApp(settings, overrides);
        app.streams.start();
        LOG.info("topology {} started", settings.applicationId());
        return app;
    }

    /** The current Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Whether the app processes: RUNNING, or REBALANCING on its way back to it. */
    public boolean running() {
        return state() == KafkaStreams.State.RUNNING || state() == KafkaStreams.State.REBALANCING;
    }

    /** The Prometheus text exposition of this instance's meters. */
    public String scrape() {
        return registry.scrape();
    }

    /** The meters, for binding more of them. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        clientStats.close();
        streamsMetrics.close();
        // Leave the group on a clean stop: otherwise the group waits a whole session timeout for this member
        // before moving its tasks, and a restarted dev stack sits in REBALANCING for that long.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        LOG.info("topology stopped");
    }
}
