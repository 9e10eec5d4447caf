package io.bakery.exporter;

import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the exporter needs, parsed once by the launcher.
 *
 * @param groupId the consumer group; exporters sharing it split the clients between them
 * @param bootstrapServers the Kafka cluster
 * @param outputDir where delta files are written before (and, for folder delivery, as) they are delivered
 * @param config clients, their partner formats and delivery targets
 */
public record ExporterSettings(String groupId, String bootstrapServers, Path outputDir, BakeryConfig config) {

    /** The consumer group exporters join unless told otherwise. */
    public static final String DEFAULT_GROUP_ID = "bakery-exporter";

    public ExporterSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(config, "config");
    }
}
