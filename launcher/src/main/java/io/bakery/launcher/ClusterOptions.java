package io.bakery.launcher;

import picocli.CommandLine.Option;

/** Where the Kafka cluster is, for the commands that run against any cluster. */
public final class ClusterOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", required = true,
            defaultValue = "${env:BAKERY_BOOTSTRAP_SERVERS}",
            description = "The Kafka cluster. Env: BAKERY_BOOTSTRAP_SERVERS.")
    String bootstrapServers;
}
