package io.bakery.gateway.http;

/**
 * A request parameter was refused; answered 400 with {@code field: reason}, and nothing from the request is
 * stored.
 */
public final class InvalidParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String code;

    /**
     * @param field the parameter, as the caller spelled it
     * @param code a short stable reason for metrics, e.g. {@code unknown_partner}
     * @param reason what is wrong, for the integrator reading the answer
     */
    public InvalidParameterException(final String field, final String code, final String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.code = code;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
