package io.bakery.schemas.config;

/**
 * Where and how a client's nightly delta file goes: the destination, plus overrides of the partner profile's
 * format where a partner lets the client choose. Absent fields keep the profile's defaults.
 *
 * @param destination where the file is delivered; null delivers to the exporter's own output folder
 * @param delimiter a one-character column delimiter instead of the profile's (CSV profiles only)
 * @param gzip whether to gzip the file, instead of the profile's default
 * @param idType Snowplow only: which Snowplow id the client syncs, {@code domain_userid} or {@code network_userid}
 * @param compartmentId Mediarithmics only: the user-account compartment the CRM record ids belong to
 */
public record ExportConfig(
        DestinationConfig destination,
        String delimiter,
        Boolean gzip,
        String idType,
        String compartmentId) {

    /** The Snowplow id types a client may sync. */
    public static final java.util.Set<String> SNOWPLOW_ID_TYPES = java.util.Set.of("domain_userid", "network_userid");

    void validate(final String field) {
        if (destination != null) {
            destination.validate(field + ".destination");
        }
        if (delimiter != null && (delimiter.length() != 1 || "\"\r\n".contains(delimiter))) {
            throw new ConfigException(field + ".delimiter: must be one character other than a quote or line break");
        }
        if (idType != null && !SNOWPLOW_ID_TYPES.contains(idType)) {
            throw new ConfigException(field + ".idType: must be one of " + SNOWPLOW_ID_TYPES);
        }
        if (compartmentId != null && !compartmentId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ConfigException(field + ".compartmentId: must be 1-64 letters, digits, '-' or '_'");
        }
    }
}
