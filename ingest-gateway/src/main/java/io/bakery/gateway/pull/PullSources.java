package io.bakery.gateway.pull;

import io.bakery.schemas.config.DestinationConfig;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the source a pull configuration names, for one poll. */
public final class PullSources {

    private PullSources() {
    }

    /** Connects to the source (SFTP logs in here). */
    public static PullSource open(final DestinationConfig config) throws IOException {
        return switch (config.type()) {
            case FOLDER -> new FolderSource(Path.of(config.path()));
            case SFTP -> new SftpSource(config);
            case S3 -> new S3Source(config);
        };
    }
}
