package io.bakery.launcher.demo;

import io.bakery.launcher.world.WorldSize;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a demo run does.
 *
 * @param size the world's size
 * @param seed the world's seed
 * @param dataDir where the broker, stores, world and delta files go (must be empty or an earlier demo's)
 * @param brokerPort the embedded broker's port (the controller takes the next one)
 * @param gatewayPort the gateway's HTTP port, 0 for any free one
 * @param adminKey the operator API key for the identity intake
 * @param clientKeyPattern the client API keys, {@code %s} standing for the client id
 */
public record DemoSettings(WorldSize size, long seed, Path dataDir, int brokerPort, int gatewayPort, String adminKey,
        String clientKeyPattern) {

    public DemoSettings {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(dataDir, "dataDir");
        if (!clientKeyPattern.contains("%s")) {
            throw new IllegalArgumentException("clientKeyPattern must contain %s, was " + clientKeyPattern);
        }
    }
}
