package io.bakery.topology;

import io.bakery.schemas.config.BakeryConfig;
import io.bakery.topology.store.RocksDBMemory;
import io.bakery.topology.store.SharedMemoryRocksDBConfig;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param timeToLive how long a sync pair or identity link lives after it was last seen (13 months by default)
 * @param expiryInterval how often (wall clock) each task expires what is due
 * @param expiryBatch per task and run, the most index entries expired (links, cookies) or sync pairs walked, so
 *     expiry never stalls processing
 * @param statsInterval how often (wall clock) client statistics are published
 * @param dailyGrace how long after a client's midnight its day stays open for late events before it closes
 * @param rocksDbMemory the off-heap memory all RocksDB stores of this instance share (block cache, write buffers)
 */
public record TopologySettings(
        String applicationId,
        String bootstrapServers,
        Path stateDir,
        int streamThreads,
        int standbyReplicas,
        int replicationFactor,
        BakeryConfig config,
        Duration timeToLive,
        Duration expiryInterval,
        int expiryBatch,
        Duration statsInterval,
        Duration dailyGrace,
        RocksDBMemory rocksDbMemory) {

    /** The application id Bakery's topology runs under unless told otherwise. */
    public static final String DEFAULT_APPLICATION_ID = "bakery-topology";
    /** Thirteen months: the cookie's own sliding max age. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofDays(395);
    public static final Duration DEFAULT_EXPIRY_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_EXPIRY_BATCH = 10_000;
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DAILY_GRACE = io.bakery.topology.daily.DailyWindowSettings.DEFAULT_GRACE;

    public TopologySettings {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeToLive, "timeToLive");
        Objects.requireNonNull(expiryInterval, "expiryInterval");
        Objects.requireNonNull(statsInterval, "statsInterval");
        Objects.requireNonNull(dailyGrace, "dailyGrace");
        Objects.requireNonNull(rocksDbMemory, "rocksDbMemory");
        if (dailyGrace.isNegative()) {
            throw new IllegalArgumentException("dailyGrace must not be negative, was " + dailyGrace);
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1");
        }
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("timeToLive must be positive, was " + timeToLive);
        }
        if (expiryInterval.toMillis() < 1) {
            throw new IllegalArgumentException("expiryInterval must be at least 1 ms, was " + expiryInterval);
        }
        if (expiryBatch < 1) {
            throw new IllegalArgumentException("expiryBatch must be at least 1, was " + expiryBatch);
        }
        if (statsInterval.toMillis() < 1) {
            throw new IllegalArgumentException("statsInterval must be at least 1 ms, was " + statsInterval);
        }
    }

    /** Settings with the default time to live, expiry and statistics cadence. */
    public TopologySettings(
            final String applicationId,
            final String bootstrapServers,
            final Path stateDir,
            final int streamThreads,
            final int standbyReplicas,
            final int replicationFactor,
            final BakeryConfig config) {
        this(applicationId, bootstrapServers, stateDir, streamThreads, standbyReplicas, replicationFactor, config,
                DEFAULT_TIME_TO_LIVE, DEFAULT_EXPIRY_INTERVAL, DEFAULT_EXPIRY_BATCH, DEFAULT_STATS_INTERVAL);
    }

    /** Settings with the default daily grace period. */
    public TopologySettings(
            final String applicationId,
            final String bootstrapServers,
            final Path stateDir,
            final int streamThreads,
            final int standbyReplicas,
            final int replicationFactor,
            final BakeryConfig config,
            final Duration timeToLive,
            final Duration expiryInterval,
            final int expiryBatch,
            final Duration statsInterval) {
        this(applicationId, bootstrapServers, stateDir, streamThreads, standbyReplicas, replicationFactor, config,
                timeToLive, expiryInterval, expiryBatch, statsInterval, DEFAULT_DAILY_GRACE);
    }

    /** Settings with the default RocksDB memory bound. */
    public TopologySettings(
            final String applicationId,
            final String bootstrapServers,
            final Path stateDir,
            final int streamThreads,
            final int standbyReplicas,
            final int replicationFactor,
            final BakeryConfig config,
            final Duration timeToLive,
            final Duration expiryInterval,
            final int expiryBatch,
            final Duration statsInterval,
            final Duration dailyGrace) {
        this(applicationId, bootstrapServers, stateDir, streamThreads, standbyReplicas, replicationFactor, config,
                timeToLive, expiryInterval, expiryBatch, statsInterval, dailyGrace, RocksDBMemory.defaults());
    }

    /** The same settings with another daily grace period. */
    public TopologySettings withDailyGrace(final Duration grace) {
        return new TopologySettings(applicationId, bootstrapServers, stateDir, streamThreads, standbyReplicas,
                replicationFactor, config, timeToLive, expiryInterval, expiryBatch, statsInterval, grace, rocksDbMemory);
    }

    /** How the daily windows close: this grace, the default check cadence, one task per matches partition. */
    public io.bakery.topology.daily.DailyWindowSettings dailyWindow() {
        return io.bakery.topology.daily.DailyWindowSettings.defaults().withGrace(dailyGrace);
    }

    /** The same settings with another time to live. */
    public TopologySettings withTimeToLive(final Duration ttl) {
        return new TopologySettings(applicationId, bootstrapServers, stateDir, streamThreads, standbyReplicas,
                replicationFactor, config, ttl, expiryInterval, expiryBatch, statsInterval, dailyGrace, rocksDbMemory);
    }

    /** The same settings with another expiry batch. */
    public TopologySettings withExpiryBatch(final int batch) {
        return new TopologySettings(applicationId, bootstrapServers, stateDir, streamThreads, standbyReplicas,
                replicationFactor, config, timeToLive, expiryInterval, batch, statsInterval, dailyGrace, rocksDbMemory);
    }

    /** The same settings with another statistics interval. */
    public TopologySettings withStatsInterval(final Duration interval) {
        return new TopologySettings(applicationId, bootstrapServers, stateDir, streamThreads, standbyReplicas,
                replicationFactor, config, timeToLive, expiryInterval, expiryBatch, interval, dailyGrace, rocksDbMemory);
    }

    /** The same settings with another RocksDB memory bound. */
    public TopologySettings withRocksDbMemory(final RocksDBMemory memory) {
        return new TopologySettings(applicationId, bootstrapServers, stateDir, streamThreads, standbyReplicas,
                replicationFactor, config, timeToLive, expiryInterval, expiryBatch, statsInterval, dailyGrace, memory);
    }

    /**
     * The Kafka Streams properties for this app: exactly-once, explicit serdes only, internal topics replicated,
     * RocksDB memory bounded for the whole instance ({@link SharedMemoryRocksDBConfig}).
     */
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
        // Matching gives the same result in every arrival order (MatchingPropertyTest), so a task need not hold
        // back for a quiet input (erasures, link changes) to align timestamps. -1 says so, and also skips the
        // per-record readiness bookkeeping of the default (0), which formats a log line for every empty input
        // partition on every record: a third of the stream thread's time in the topology bench's profile.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SharedMemoryRocksDBConfig.class);
        rocksDbMemory.putInto(props);
        return props;
    }
}
