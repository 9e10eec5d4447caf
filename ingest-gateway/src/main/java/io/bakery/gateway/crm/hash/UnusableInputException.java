package io.bakery.gateway.crm.hash;

/**
 * The plaintext input as a whole cannot be hashed (no header, no record id column, ...). The message never holds
 * a cell of the input: a file without a header has plaintext where the header should be.
 */
public final class UnusableInputException extends RuntimeException {

    public UnusableInputException(final String message) {
        super(message);
    }
}
