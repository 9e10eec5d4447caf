package io.bakery.gateway;

import io.bakery.gateway.crm.UploadSettings;
import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the gateway needs to start, parsed once by the launcher.
 *
 * @param host the address to listen on
 * @param port the HTTP port; 0 picks a free one
 * @param bootstrapServers the Kafka cluster the events go to
 * @param dataDir where the gateway keeps local state (the disk spool)
 * @param config clients, partners, keys, cookie and consent rules
 * @param uploads limits of the CRM upload API and identity-graph intake (body size, rows, concurrency)
 * @param pixelPort the port of the dedicated pixel listener ({@link io.bakery.gateway.http.PixelServer}), 0 for a
 *     free one, or {@link #NO_PIXEL_PORT}: the pixel endpoints are then served on {@code port} only
 */
public record GatewaySettings(String host, int port, String bootstrapServers, Path dataDir, BakeryConfig config,
                              UploadSettings uploads, int pixelPort) {

    /** No dedicated pixel listener. */
    public static final int NO_PIXEL_PORT = -1;

    public GatewaySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(uploads, "uploads");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (pixelPort < NO_PIXEL_PORT || pixelPort > 65535) {
            throw new IllegalArgumentException("pixel port must be 0..65535 or " + NO_PIXEL_PORT + ", was " + pixelPort);
        }
    }

    /** Settings without a dedicated pixel listener. */
    public GatewaySettings(final String host, final int port, final String bootstrapServers, final Path dataDir,
                           final BakeryConfig config, final UploadSettings uploads) {
        this(host, port, bootstrapServers, dataDir, config, uploads, NO_PIXEL_PORT);
    }

    /** Settings with the default upload limits ({@link UploadSettings#defaults()}). */
    public GatewaySettings(final String host, final int port, final String bootstrapServers, final Path dataDir,
                           final BakeryConfig config) {
        this(host, port, bootstrapServers, dataDir, config, UploadSettings.defaults());
    }

    /** These settings with the dedicated pixel listener on {@code port} (0: a free one). */
    public GatewaySettings withPixelPort(final int port) {
        return new GatewaySettings(host, this.port, bootstrapServers, dataDir, config, uploads, port);
    }
}
