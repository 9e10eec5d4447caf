package io.bakery.gateway.pull;

import io.bakery.gateway.crm.UploadMode;
import io.bakery.schemas.config.PullConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * The upload mode of a pulled file: the configured one, or with {@code mode: by-file-name} the one the file name
 * starts with, followed by {@code _}: {@code add_…}, {@code remove_…}, {@code replace-all_…} (any case).
 */
public final class FileNameMode {

    private FileNameMode() {
    }

    /** The file's mode; empty when the name does not follow the convention. */
    public static Optional<UploadMode> of(final PullConfig config, final String fileName) {
        if (!PullConfig.MODE_BY_FILE_NAME.equals(config.mode())) {
            return UploadMode.parse(config.mode());
        }
        final String lower = fileName.toLowerCase(Locale.ROOT);
        for (final UploadMode mode : UploadMode.values()) {
            if (lower.startsWith(mode.parameter() + "_")) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
