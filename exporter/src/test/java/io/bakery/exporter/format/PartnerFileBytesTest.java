package io.bakery.exporter.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.exporter.profile.PartnerProfiles;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.config.Dmp;
import io.bakery.schemas.config.ExportConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The exact bytes each partner receives for one small fixed day. */
class PartnerFileBytesTest {

    /** Amsterdam's 12 March 2024 ends at 23:00 UTC. */
    private static final ClientDay DAY = new ClientDay("acme", LocalDate.of(2024, 3, 12), ZoneId.of("Europe/Amsterdam"));
    /** Two cookies, three pairs; one record id needs CSV quoting (a quote and a comma). */
    private static final List<DeltaRow> ROWS = List.of(
            new DeltaRow("cookie-1", List.of("rec-1", "rec-2")),
            new DeltaRow("cookie-2", List.of("rec \"3\", x")));

    @Test
    void shouldWriteTealiumFileWithEveryValueQuoted() throws IOException {
        assertFile(Dmp.TEALIUM, null, "da_crm_match_20240312230000.csv", false, """
                tealium_visitor_id,crm_record_id,matched_at
                "cookie-1","rec-1","2024-03-12T23:00:00Z"
                "cookie-1","rec-2","2024-03-12T23:00:00Z"
                "cookie-2","rec ""3"", x","2024-03-12T23:00:00Z"
                """);
    }

    @Test
    void shouldWriteSnowplowFileGzippedInHivePartitionFolder() throws IOException {
        assertFile(Dmp.SNOWPLOW, null, "da_matches/dt=2024-03-12/da_matches_20240312.csv.gz", true, """
                id_type,snowplow_user_id,crm_record_id,matched_at
                network_userid,cookie-1,rec-1,2024-03-12T23:00:00Z
                network_userid,cookie-1,rec-2,2024-03-12T23:00:00Z
                network_userid,cookie-2,"rec ""3"", x",2024-03-12T23:00:00Z
                """);
    }

    @Test
    void shouldWritePermutiveIdentityImportGzipped() throws IOException {
        assertFile(Dmp.PERMUTIVE, null, "da_identity_20240312.csv.gz", true, """
                permutive_user_id,crm_record_id,updated_at
                cookie-1,rec-1,2024-03-12T23:00:00Z
                cookie-1,rec-2,2024-03-12T23:00:00Z
                cookie-2,"rec ""3"", x",2024-03-12T23:00:00Z
                """);
    }

    @Test
    void shouldWriteMediarithmicsAssociationsAsNdjsonWithVectorPrefix() throws IOException {
        final List<DeltaRow> rows = List.of(
                new DeltaRow("123", List.of("rec-1")),
                new DeltaRow("vec:456", List.of("rec \"2\"")));
        final ExportConfig compartment = new ExportConfig(null, null, null, null, "1042");

        final byte[] bytes = write(Dmp.MEDIARITHMICS, compartment, rows);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("""
                {"identifiers":[{"type":"USER_AGENT","user_agent_id":"vec:123"},\
                {"type":"USER_ACCOUNT","user_account_id":"rec-1","compartment_id":"1042"}]}
                {"identifiers":[{"type":"USER_AGENT","user_agent_id":"vec:456"},\
                {"type":"USER_ACCOUNT","user_account_id":"rec \\"2\\"","compartment_id":"1042"}]}
                """);
        assertThat(format(Dmp.MEDIARITHMICS, compartment).fileName(DAY)).isEqualTo("da_crm_association_20240312.ndjson");
    }

    @Test
    void shouldWritePianoFileUnderMatchesFolder() throws IOException {
        assertFile(Dmp.PIANO, null, "matches/da_piano_matches_20240312.csv", false, """
                piano_cx_id,crm_record_id,matched_at
                cookie-1,rec-1,2024-03-12T23:00:00Z
                cookie-1,rec-2,2024-03-12T23:00:00Z
                cookie-2,"rec ""3"", x",2024-03-12T23:00:00Z
                """);
    }

    @Test
    void shouldWriteWeboramaFileWithSemicolonsGzipped() throws IOException {
        assertFile(Dmp.WEBORAMA, null, "da_weborama_crm_20240312.csv.gz", true, """
                afficheW_id;crm_record_id;matched_at
                cookie-1;rec-1;2024-03-12T23:00:00Z
                cookie-1;rec-2;2024-03-12T23:00:00Z
                cookie-2;"rec ""3"", x";2024-03-12T23:00:00Z
                """);
    }

    @Test
    void shouldWriteSelligentFile() throws IOException {
        assertFile(Dmp.SELLIGENT, null, "da_selligent_20240312.csv", false, """
                selligent_cookie_id,crm_record_id,matched_at
                cookie-1,rec-1,2024-03-12T23:00:00Z
                cookie-1,rec-2,2024-03-12T23:00:00Z
                cookie-2,"rec ""3"", x",2024-03-12T23:00:00Z
                """);
    }

    @Test
    void shouldWriteSpotlerFileWithUseridFirst() throws IOException {
        assertFile(Dmp.SPOTLER, null, "da_spotler_20240312230000.csv", false, """
                userid,cookie,matched_at
                rec-1,cookie-1,2024-03-12T23:00:00Z
                rec-2,cookie-1,2024-03-12T23:00:00Z
                "rec ""3"", x",cookie-2,2024-03-12T23:00:00Z
                """);
    }

    @Test
    void shouldWriteSupermetricsFile() throws IOException {
        assertFile(Dmp.SUPERMETRICS, null, "da_supermetrics_20240312.csv", false, """
                analytics_client_id,crm_record_id,matched_at
                cookie-1,rec-1,2024-03-12T23:00:00Z
                cookie-1,rec-2,2024-03-12T23:00:00Z
                cookie-2,"rec ""3"", x",2024-03-12T23:00:00Z
                """);
    }

    @Test
    void shouldApplyClientOverridesWhenDelimiterGzipAndIdTypeAreConfigured() throws IOException {
        final ExportConfig overrides = new ExportConfig(null, ";", false, "domain_userid", null);

        assertFile(Dmp.SNOWPLOW, overrides, "da_matches/dt=2024-03-12/da_matches_20240312.csv", false, """
                id_type;snowplow_user_id;crm_record_id;matched_at
                domain_userid;cookie-1;rec-1;2024-03-12T23:00:00Z
                domain_userid;cookie-1;rec-2;2024-03-12T23:00:00Z
                domain_userid;cookie-2;"rec ""3"", x";2024-03-12T23:00:00Z
                """);
    }

    @Test
    void shouldWriteOnlyHeaderWhenDayHasNoRows() throws IOException {
        assertThat(new String(write(Dmp.SELLIGENT, null, List.of()), StandardCharsets.UTF_8))
                .isEqualTo("selligent_cookie_id,crm_record_id,matched_at\n");
    }

    @Test
    void shouldHaveOneProfilePerDmp() {
        assertThat(PartnerProfiles.all()).extracting(p -> p.dmp()).containsExactly(Dmp.values());
    }

    private static void assertFile(final Dmp dmp, final ExportConfig export, final String fileName,
            final boolean gzip, final String expected) throws IOException {
        final byte[] bytes = write(dmp, export, ROWS);

        assertThat(format(dmp, export).fileName(DAY)).isEqualTo(fileName);
        if (gzip) {
            assertThat(bytes).startsWith(0x1f, 0x8b);
            assertThat(new String(gunzip(bytes), StandardCharsets.UTF_8)).isEqualTo(expected);
        } else {
            assertThat(bytes).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static ExportFormat format(final Dmp dmp, final ExportConfig export) {
        return ExportFormat.of(PartnerProfiles.of(dmp), export);
    }

    private static byte[] write(final Dmp dmp, final ExportConfig export, final List<DeltaRow> rows) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long lines = new DeltaFileWriter(format(dmp, export)).write(DAY, rows, out);
        assertThat(lines).isEqualTo(rows.stream().mapToLong(r -> r.getRecordIds().size()).sum());
        return out.toByteArray();
    }

    private static byte[] gunzip(final byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
