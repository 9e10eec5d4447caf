package io.bakery.launcher;

import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The configuration file and data folder every command shares. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:BAKERY_CONFIG:-${sys:bakery.home:-.}/config/bakery.dev.yaml}",
            description = "Clients, partners, keys (YAML). Env: BAKERY_CONFIG. Default: ${DEFAULT-VALUE}")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:BAKERY_DATA_DIR:-${sys:bakery.home:-.}/data}",
            description = "Where local state lives (broker, spool, stores, files). Env: BAKERY_DATA_DIR. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    /** Reads and validates the configuration file, with secrets from the environment. */
    public BakeryConfig load() {
        return BakeryConfig.load(configFile, System.getenv());
    }

    /** The data folder, absolute. */
    public Path dataDir() {
        return dataDir.toAbsolutePath().normalize();
    }
}
