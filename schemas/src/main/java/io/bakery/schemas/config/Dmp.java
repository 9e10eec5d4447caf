package io.bakery.schemas.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The DMPs Bakery integrates with; each has a partner profile (cookie-id rules and export format). */
public enum Dmp {
    TEALIUM,
    SELLIGENT,
    SUPERMETRICS,
    SPOTLER,
    WEBORAMA,
    MEDIARITHMICS,
    SNOWPLOW,
    PIANO,
    PERMUTIVE;

    /** The name used in configuration files and URLs: lower case. */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configuration name, case-insensitively. */
    @JsonCreator
    public static Dmp fromConfigName(final String name) {
        for (final Dmp dmp : values()) {
            if (dmp.name().equalsIgnoreCase(name)) {
                return dmp;
            }
        }
        throw new IllegalArgumentException("unknown DMP '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Dmp::configName).collect(Collectors.joining(", ")));
    }
}
