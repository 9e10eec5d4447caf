package io.bakery.gateway.crm;

/** The upload as a whole cannot be read (header, encoding, gzip); answered 400 with a report. */
public final class UnusableUploadException extends RuntimeException {

    public UnusableUploadException(final String message) {
        super(message);
    }
}
