package io.bakery.gateway.kafka;

/** The disk spool cannot be written: an event can be promised neither by Kafka nor by the spool. */
public final class SpoolUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpoolUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
