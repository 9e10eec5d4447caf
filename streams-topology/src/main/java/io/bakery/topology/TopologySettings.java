package io.bakery.topology;

import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;

/**
 * Everything the topology app needs, parsed once by the launcher.
 *
 * @param applicationId the Streams application id: the consumer group and the prefix of internal topics
 * @param bootstrapServers the Kafka cluster
 * @param stateDir where state stores live on local disk (never under /tmp in production)
 * @param streamThreads processing threads in this instance
 * @param standbyReplicas warm copies of each store kept on other instances, for fast fail-over
 * @param replicationFactor replication of the app's internal (changelog and repartition) topics
 * @param config clients and their time zones
 */
public record TopologySettings(
        String applicationId,
        String bootstrapServers,
        Path stateDir,
        int streamThreads,
        int standbyReplicas,
        int replicationFactor,
        BakeryConfig config) {

    /** The application id Bakery's topology runs under unless told otherwise. */
    public static final String DEFAULT_APPLICATION_ID = "bakery-topology";

    public TopologySettings {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(config, "config");
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1");
        }
    }

    /** The Kafka Streams properties for this app: exactly-once, explicit serdes only, internal topics replicated. */
    public Properties toStreamsProperties() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // A poison record must not be silently skipped by default; the topology routes bad input to a
        // dead-letter topic itself, so anything reaching these handlers is a real failure.
        props.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return props;
    }
}
