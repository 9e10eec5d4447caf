package io.bakery.gateway.crm;

/** Why a row of an upload or an intake was not produced; the names appear in reports and in the spec. */
public enum RowRejection {
    /** The row has no record id. */
    MISSING_RECORD_ID,
    /** The record id is longer than the configured limit. */
    RECORD_ID_TOO_LONG,
    /** An identifier cell is not a SHA-256 in lowercase/uppercase hex or Base64. */
    BAD_HASH,
    /** An identifier cell is the SHA-256 of the empty string: an empty cell was hashed. */
    HASH_OF_EMPTY_VALUE,
    /** The row has no identifier at all (add and replace-all need one). */
    NO_IDENTIFIER,
    /** The record id already appeared earlier in the same upload; the first row wins. */
    DUPLICATE_RECORD_ID,
    /** The row is longer than the configured limit. */
    ROW_TOO_LONG,
    /** The row has more or fewer fields than the header. */
    WRONG_COLUMN_COUNT,
    /** The NDJSON line is not a JSON object of the expected fields and string values. */
    BAD_JSON,
    /** Intake: the identifier type is not one of the known column names. */
    UNKNOWN_TYPE,
    /** Intake: the Bakery id is missing or not 1-64 letters, digits, '-' or '_'. */
    BAD_BAKERY_ID,
    /** Intake: op is not add or remove. */
    BAD_OP
}
