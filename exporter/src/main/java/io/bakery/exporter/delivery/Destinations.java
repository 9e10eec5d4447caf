package io.bakery.exporter.delivery;

import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.config.DestinationConfig;
import java.nio.file.Path;

/** Opens the destination a client's export config names. */
public final class Destinations {

    private Destinations() {}

    /**
     * The client's destination; without one configured, the folder {@code <outputDir>/<clientId>}.
     */
    public static Destination open(final ClientConfig client, final Path outputDir) {
        final DestinationConfig config = client.export() == null ? null : client.export().destination();
        if (config == null) {
            return new FolderDestination(outputDir.resolve(client.id()));
        }
        return switch (config.type()) {
            case FOLDER -> new FolderDestination(Path.of(config.path()));
            case SFTP -> new SftpDestination(config);
            case S3 -> new S3Destination(config);
        };
    }
}
