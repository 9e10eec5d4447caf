package io.bakery.gateway.pull;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reading the client's storage failed (connection lost, file changed while read): not the file's fault, so the
 * file is not reported as rejected; its transaction is aborted and the next poll tries again.
 */
public final class PullSourceException extends UncheckedIOException {

    public PullSourceException(final String message, final IOException cause) {
        super(message, cause);
    }
}
