package io.bakery.exporter.format;

import io.bakery.exporter.profile.PartnerProfile;
import io.bakery.schemas.config.ExportConfig;

/**
 * A partner profile with one client's overrides applied: the exact layout of that client's files.
 *
 * @param profile the partner profile
 * @param delimiter the CSV delimiter in force
 * @param gzip whether files are gzip-compressed
 * @param idType Snowplow's id type column value
 * @param compartmentId Mediarithmics' compartment id, or null for the datamart's default compartment
 */
public record ExportFormat(PartnerProfile profile, char delimiter, boolean gzip, String idType, String compartmentId) {

    /** The Snowplow id type when the client does not say: the collector's third-party cookie, which the redirect macro fills. */
    public static final String DEFAULT_SNOWPLOW_ID_TYPE = "network_userid";

    /** The profile's layout with {@code export}'s overrides, if any. */
    public static ExportFormat of(final PartnerProfile profile, final ExportConfig export) {
        char delimiter = profile.delimiter();
        boolean gzip = profile.gzip();
        String idType = DEFAULT_SNOWPLOW_ID_TYPE;
        String compartmentId = null;
        if (export != null) {
            delimiter = export.delimiter() == null ? delimiter : export.delimiter().charAt(0);
            gzip = export.gzip() == null ? gzip : export.gzip();
            idType = export.idType() == null ? idType : export.idType();
            compartmentId = export.compartmentId();
        }
        return new ExportFormat(profile, delimiter, gzip, idType, compartmentId);
    }

    /** The data file's path relative to the destination for {@code clientDay}. */
    public String fileName(final ClientDay clientDay) {
        final String name = FileNamePattern.render(profile.fileNamePattern(), clientDay);
        return gzip ? name + ".gz" : name;
    }
}
