package io.bakery.exporter;

import io.bakery.exporter.delivery.RetryPolicy;
import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the exporter needs, parsed once by the launcher.
 *
 * @param groupId the consumer group; exporters sharing it split the clients between them
 * @param bootstrapServers the Kafka cluster
 * @param outputDir where delta files are staged, manifests kept, and (without a configured destination)
 *     delivered: {@code staging/}, {@code manifests/<client>/<day>.json}, {@code <client>/<file>}
 * @param config clients, their partner formats and delivery targets
 * @param completenessTimeout how long a client-day may wait for its end markers before the incomplete alarm
 * @param retry how a failing delivery step is retried before the day is put back for a later attempt
 */
public record ExporterSettings(
        String groupId,
        String bootstrapServers,
        Path outputDir,
        BakeryConfig config,
        Duration completenessTimeout,
        RetryPolicy retry) {

    /** The consumer group exporters join unless told otherwise. */
    public static final String DEFAULT_GROUP_ID = "bakery-exporter";
    /** Every task closes a day within seconds of the others; an hour without all markers means one is lost. */
    public static final Duration DEFAULT_COMPLETENESS_TIMEOUT = Duration.ofHours(1);

    public ExporterSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(completenessTimeout, "completenessTimeout");
        Objects.requireNonNull(retry, "retry");
        if (completenessTimeout.isNegative() || completenessTimeout.isZero()) {
            throw new IllegalArgumentException("completenessTimeout must be positive, was " + completenessTimeout);
        }
    }

    /** Settings with the default completeness timeout and retry policy. */
    public ExporterSettings(final String groupId, final String bootstrapServers, final Path outputDir,
            final BakeryConfig config) {
        this(groupId, bootstrapServers, outputDir, config, DEFAULT_COMPLETENESS_TIMEOUT, RetryPolicy.defaults());
    }

    /** The same settings with another retry policy. */
    public ExporterSettings withRetry(final RetryPolicy newRetry) {
        return new ExporterSettings(groupId, bootstrapServers, outputDir, config, completenessTimeout, newRetry);
    }

    /** The same settings with another completeness timeout. */
    public ExporterSettings withCompletenessTimeout(final Duration timeout) {
        return new ExporterSettings(groupId, bootstrapServers, outputDir, config, timeout, retry);
    }
}
