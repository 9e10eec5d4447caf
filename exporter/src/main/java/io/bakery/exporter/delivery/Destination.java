package io.bakery.exporter.delivery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Where a client's delta files are published. A file appears at its final name only when it is complete:
 * folder and SFTP write a hidden temporary name and rename it; an S3 PUT is atomic per object.
 */
public interface Destination extends AutoCloseable {

    /** Publishes {@code localFile} as {@code name} (a path relative to the destination), replacing any earlier one. */
    void publish(Path localFile, String name) throws IOException;

    /** The size of the published file {@code name}, or empty if there is none. */
    OptionalLong sizeOf(String name) throws IOException;

    /** Where files go, without any secret. */
    String describe();

    @Override
    default void close() throws IOException {
        // most destinations hold nothing open between publishes
    }

    /** The temporary name a file is written under before the rename: hidden, so pollers skip it. */
    static String temporaryName(final String name) {
        final int slash = name.lastIndexOf('/');
        return name.substring(0, slash + 1) + "." + name.substring(slash + 1) + ".part";
    }
}
