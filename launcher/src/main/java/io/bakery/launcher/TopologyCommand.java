package io.bakery.launcher;

import io.bakery.topology.TopologyApp;
import io.bakery.topology.TopologySettings;
import io.bakery.topology.store.RocksDBMemory;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bakery topology}: the matching topology alone, against any Kafka cluster. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Run the Kafka Streams matching topology against a Kafka cluster.")
final class TopologyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    StatusOptions status;

    @Option(names = "--application-id", defaultValue = "${env:BAKERY_APPLICATION_ID:-" + TopologySettings.DEFAULT_APPLICATION_ID + "}",
            description = "Streams application id. Default: ${DEFAULT-VALUE}")
    String applicationId;

    @Option(names = "--threads", defaultValue = "${env:BAKERY_STREAM_THREADS:-1}",
            description = "Stream threads in this instance. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--standby-replicas", defaultValue = "${env:BAKERY_STANDBY_REPLICAS:-0}",
            description = "Warm store copies on other instances. Default: ${DEFAULT-VALUE}")
    int standbyReplicas;

    @Option(names = "--replication-factor", defaultValue = "${env:BAKERY_REPLICATION_FACTOR:-1}",
            description = "Replication of internal topics. Default: ${DEFAULT-VALUE}")
    int replicationFactor;

    @Option(names = "--min-insync-replicas", defaultValue = "${env:BAKERY_MIN_INSYNC_REPLICAS:-1}",
            description = "Replicas that must acknowledge a write to an internal topic. Default: ${DEFAULT-VALUE}")
    int minInsyncReplicas;

    @Option(names = "--rocksdb-cache-mib", defaultValue = "${env:BAKERY_ROCKSDB_CACHE_MIB:-512}",
            description = "Off-heap memory all RocksDB stores of this instance share (block cache, index and filter "
                    + "blocks, write buffers), in MiB. Default: ${DEFAULT-VALUE}")
    long rocksDbCacheMiB;

    @Option(names = "--rocksdb-write-buffer-mib", defaultValue = "${env:BAKERY_ROCKSDB_WRITE_BUFFER_MIB:-128}",
            description = "Of that memory, the most the stores' write buffers may take, in MiB. "
                    + "Default: ${DEFAULT-VALUE}")
    long rocksDbWriteBufferMiB;

    @Override
    public Integer call() throws Exception {
        status.validate();
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new ParameterException(spec.commandLine(), "need 1 <= --min-insync-replicas ("
                    + minInsyncReplicas + ") <= --replication-factor (" + replicationFactor + ")");
        }
        final RocksDBMemory rocksDbMemory = rocksDbMemory();
        final TopologyApp app = TopologyApp.start(new TopologySettings(applicationId, cluster.bootstrapServers,
                options.dataDir().resolve("topology"), threads, standbyReplicas, replicationFactor, options.load())
                        .withRocksDbMemory(rocksDbMemory),
                internalTopicSettings(minInsyncReplicas));
        return status.runUntilStopped(app, app::scrape, app::running);
    }

    /** The RocksDB memory the two options ask for; an invalid pair is a usage error naming the options. */
    private RocksDBMemory rocksDbMemory() {
        if (rocksDbCacheMiB < 1 || rocksDbWriteBufferMiB < 1 || rocksDbCacheMiB > (Long.MAX_VALUE >> 20)) {
            throw new ParameterException(spec.commandLine(), "--rocksdb-cache-mib (" + rocksDbCacheMiB
                    + ") and --rocksdb-write-buffer-mib (" + rocksDbWriteBufferMiB + ") must be positive");
        }
        if (rocksDbWriteBufferMiB >= rocksDbCacheMiB) {
            throw new ParameterException(spec.commandLine(), "--rocksdb-write-buffer-mib (" + rocksDbWriteBufferMiB
                    + ") must be less than --rocksdb-cache-mib (" + rocksDbCacheMiB
                    + "): the write buffers are counted in the cache");
        }
        return new RocksDBMemory(rocksDbCacheMiB << 20, rocksDbWriteBufferMiB << 20);
    }

    /** Changelog and repartition topics get the same durability as Bakery's own topics. */
    static Map<String, Object> internalTopicSettings(final int minInsyncReplicas) {
        return Map.of(StreamsConfig.topicPrefix("min.insync.replicas"), Integer.toString(minInsyncReplicas));
    }
}
