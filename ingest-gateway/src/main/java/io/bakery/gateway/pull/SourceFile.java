package io.bakery.gateway.pull;

import java.time.Instant;

/**
 * A file as a source lists it, before it is read: enough to tell a file already pulled from a new one without
 * reading it (with the ledger), never its content.
 *
 * @param name the file name, without the source's folder or prefix
 * @param size its size in bytes
 * @param modified when it was last written, as the source says
 */
public record SourceFile(String name, long size, Instant modified) {}
