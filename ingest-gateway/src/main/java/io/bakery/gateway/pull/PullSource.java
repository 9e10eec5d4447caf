package io.bakery.gateway.pull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A client's storage as the pull sees it during one poll (a folder, an SFTP server, an S3 bucket): list the files,
 * stream one, write a report next to it, and delete or move it once it is in Kafka. Opened at the start of a poll
 * and closed at its end, so a connection never outlives a poll.
 */
public interface PullSource extends Closeable {

    /** The folder holding processed files when the configuration says {@code afterSuccess: move}. */
    String PROCESSED = "processed";

    /** The regular files directly in the source's folder or prefix (not in sub-folders). */
    List<SourceFile> list() throws IOException;

    /** Streams the file's bytes as stored; the caller closes the stream. */
    InputStream open(String name) throws IOException;

    /** Whether a file of that name is there. */
    boolean exists(String name) throws IOException;

    /** Writes {@code content} as file {@code name} next to the pulled files; whole or not at all where possible. */
    void write(String name, byte[] content) throws IOException;

    /** Deletes the file. */
    void delete(String name) throws IOException;

    /** Moves the file into the {@link #PROCESSED} folder, replacing a file of the same name there. */
    void moveToProcessed(String name) throws IOException;

    /** Where the files are, without secrets. */
    String describe();
}
