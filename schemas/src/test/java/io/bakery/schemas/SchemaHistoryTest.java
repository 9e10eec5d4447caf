package io.bakery.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaHistoryTest {

    @Test
    void shouldHoldAReleasedVersionOfEveryWireType() {
        for (final Class<? extends SpecificRecord> type : SchemaHistory.WIRE_TYPES) {
            assertThat(SchemaHistory.releasedVersions(type.getSimpleName())).as(type.getSimpleName()).isNotEmpty();
        }
    }

    @Test
    void shouldMatchNewestReleasedVersionWhenSchemaIsCurrent() {
        // A change to an .avsc without a new released version file would make old and new writers share a
        // fingerprint-less gap; this test makes such a change fail.
        for (final Class<? extends SpecificRecord> type : SchemaHistory.WIRE_TYPES) {
            final Schema current = SpecificData.get().getSchema(type);
            final List<Schema> released = SchemaHistory.releasedVersions(type.getSimpleName());
            final Schema newest = released.get(released.size() - 1);
            assertThat(SchemaNormalization.toParsingForm(current))
                    .as("%s differs from its newest released version; add v%d.avsc", type.getSimpleName(),
                            released.size() + 1)
                    .isEqualTo(SchemaNormalization.toParsingForm(newest));
        }
    }

    @Test
    void shouldReadEveryEarlierVersionWhenSchemaEvolves() {
        for (final Class<? extends SpecificRecord> type : SchemaHistory.WIRE_TYPES) {
            assertThat(incompatibilities(SchemaHistory.releasedVersions(type.getSimpleName())))
                    .as(type.getSimpleName())
                    .isEmpty();
        }
    }

    @Test
    void shouldReportIncompatibilityWhenNewVersionAddsFieldWithoutDefault() throws IOException {
        // The fixture's v2 adds a required field without a default: v1 data cannot be read with it.
        final List<Schema> fixture = List.of(fixture("v1.avsc"), fixture("v2.avsc"));

        assertThat(incompatibilities(fixture)).hasSize(1).first().asString().contains("v2 cannot read v1");
    }

    /** Every (newer reader, older writer) pair that cannot be resolved, as "vN cannot read vM". */
    private static List<String> incompatibilities(final List<Schema> versions) {
        final List<String> problems = new ArrayList<>();
        for (int reader = 1; reader < versions.size(); reader++) {
            for (int writer = 0; writer < reader; writer++) {
                final SchemaCompatibility.SchemaPairCompatibility result =
                        SchemaCompatibility.checkReaderWriterCompatibility(versions.get(reader), versions.get(writer));
                if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                    problems.add("v" + (reader + 1) + " cannot read v" + (writer + 1) + ": " + result.getDescription());
                }
            }
        }
        return problems;
    }

    private static Schema fixture(final String name) throws IOException {
        try (InputStream in = SchemaHistoryTest.class.getResourceAsStream("/fixtures/incompatible/" + name)) {
            return new Schema.Parser().parse(in);
        }
    }
}
