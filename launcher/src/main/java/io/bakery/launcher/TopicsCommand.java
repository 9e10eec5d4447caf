package io.bakery.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bakery topics}: creates Bakery's topics on a cluster, idempotently. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create every Bakery topic that does not exist yet on a Kafka cluster.")
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--replication-factor", defaultValue = "${env:BAKERY_REPLICATION_FACTOR:-1}",
            description = "Replicas per partition. Default: ${DEFAULT-VALUE}")
    int replicationFactor;

    @Option(names = "--min-insync-replicas", defaultValue = "${env:BAKERY_MIN_INSYNC_REPLICAS:-1}",
            description = "Replicas that must acknowledge a write. Default: ${DEFAULT-VALUE}")
    int minInsyncReplicas;

    @Override
    public Integer call() throws Exception {
        final var created = new TopicProvisioner(cluster.bootstrapServers, replicationFactor, minInsyncReplicas)
                .createMissing();
        System.out.println(created.isEmpty() ? "all topics already exist" : "created: " + String.join(", ", created));
        return 0;
    }
}
