package io.bakery.exporter.profile;

import static io.bakery.exporter.profile.Column.COOKIE_ID;
import static io.bakery.exporter.profile.Column.ID_TYPE;
import static io.bakery.exporter.profile.Column.RECORD_ID;
import static io.bakery.exporter.profile.Column.WINDOW_END;

import io.bakery.schemas.config.DestinationConfig.Type;
import io.bakery.schemas.config.Dmp;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The nine partner profiles' export formats, from research/dmp-partners.md, "Proposed partner profiles". Where
 * the research found nothing, a plain default is chosen and {@link PartnerProfile#toConfirm()} says so; the
 * exporter's README lists them all in one table.
 */
public final class PartnerProfiles {

    private static final Map<Dmp, PartnerProfile> PROFILES = new EnumMap<>(Dmp.class);

    static {
        add(new PartnerProfile(Dmp.TEALIUM, 1, FileKind.CSV,
                List.of("tealium_visitor_id", "crm_record_id", "matched_at"), List.of(COOKIE_ID, RECORD_ID, WINDOW_END),
                ',', true, Quoting.ALL, false, "da_crm_match_{yyyyMMddHHmmss}.csv", Type.SFTP,
                "gzip only if the File Import data source is set to GZIP; files over 100,000 rows are not split yet"));
        add(new PartnerProfile(Dmp.SNOWPLOW, 1, FileKind.CSV,
                List.of("id_type", "snowplow_user_id", "crm_record_id", "matched_at"),
                List.of(ID_TYPE, COOKIE_ID, RECORD_ID, WINDOW_END),
                ',', true, Quoting.MINIMAL, true, "da_matches/dt={yyyy-MM-dd}/da_matches_{yyyyMMdd}.csv", Type.S3,
                "Snowplow documents no file import: the layout is our proposal for the customer's warehouse stage"));
        add(new PartnerProfile(Dmp.PERMUTIVE, 1, FileKind.CSV,
                List.of("permutive_user_id", "crm_record_id", "updated_at"), List.of(COOKIE_ID, RECORD_ID, WINDOW_END),
                ',', true, Quoting.MINIMAL, true, "da_identity_{yyyyMMdd}.csv", Type.S3,
                "the Connectivity 'User Identity Data' file requirements for S3/GCS were not found"));
        add(new PartnerProfile(Dmp.MEDIARITHMICS, 1, FileKind.NDJSON, List.of(), List.of(),
                ',', false, Quoting.MINIMAL, false, "da_crm_association_{yyyyMMdd}.ndjson", Type.FOLDER,
                "the raw mics_vid format; delivery is their document-import API, not built: files land in a folder"));
        add(new PartnerProfile(Dmp.PIANO, 1, FileKind.CSV,
                List.of("piano_cx_id", "crm_record_id", "matched_at"), List.of(COOKIE_ID, RECORD_ID, WINDOW_END),
                ',', true, Quoting.MINIMAL, false, "matches/da_piano_matches_{yyyyMMdd}.csv", Type.S3,
                "the 'Segment audiences' import settings were not found; Piano pulls from our bucket (exports/piano/)"));
        add(new PartnerProfile(Dmp.WEBORAMA, 1, FileKind.CSV,
                List.of("afficheW_id", "crm_record_id", "matched_at"), List.of(COOKIE_ID, RECORD_ID, WINDOW_END),
                ';', true, Quoting.MINIMAL, true, "da_weborama_crm_{yyyyMMdd}.csv", Type.SFTP,
                "file format, naming and channel were not found: everything here is a default to agree"));
        add(new PartnerProfile(Dmp.SELLIGENT, 1, FileKind.CSV,
                List.of("selligent_cookie_id", "crm_record_id", "matched_at"), List.of(COOKIE_ID, RECORD_ID, WINDOW_END),
                ',', true, Quoting.MINIMAL, false, "da_selligent_{yyyyMMdd}.csv", Type.SFTP,
                "the Import Task's delimiter and header options were not found"));
        add(new PartnerProfile(Dmp.SPOTLER, 1, FileKind.CSV,
                List.of("userid", "cookie", "matched_at"), List.of(RECORD_ID, COOKIE_ID, WINDOW_END),
                ',', true, Quoting.MINIMAL, false, "da_spotler_{yyyyMMddHHmmss}.csv", Type.SFTP,
                "whether a cookie column can be imported; Spotler offers FTPS, which is not built (SFTP or folder)"));
        add(new PartnerProfile(Dmp.SUPERMETRICS, 1, FileKind.CSV,
                List.of("analytics_client_id", "crm_record_id", "matched_at"), List.of(COOKIE_ID, RECORD_ID, WINDOW_END),
                ',', true, Quoting.MINIMAL, false, "da_supermetrics_{yyyyMMdd}.csv", Type.FOLDER,
                "accepted formats and 'how data is updated'; delivery is e-mail or Hub upload, not built: a folder"));
    }

    private PartnerProfiles() {}

    /** The profile of {@code dmp}. */
    public static PartnerProfile of(final Dmp dmp) {
        final PartnerProfile profile = PROFILES.get(dmp);
        if (profile == null) {
            throw new IllegalArgumentException("no partner profile for " + dmp);
        }
        return profile;
    }

    /** Every profile, in the order of {@link Dmp}. */
    public static List<PartnerProfile> all() {
        return List.copyOf(PROFILES.values());
    }

    private static void add(final PartnerProfile profile) {
        PROFILES.put(profile.dmp(), profile);
    }
}
