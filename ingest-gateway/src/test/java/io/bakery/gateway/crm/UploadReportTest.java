package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadReportTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private final UploadReport report = new UploadReport("u1", "acme", "upload", "add", NOW);

    @Test
    void shouldCountIdentifiersPerTypeWhenRecordsAreAccepted() {
        report.acceptedRecord(List.of(identifier(IdentifierType.EMAIL_SHA256),
                identifier(IdentifierType.PHONE_SHA256)));
        report.acceptedRecord(List.of(identifier(IdentifierType.EMAIL_SHA256)));

        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rows()).isEqualTo(2);
        assertThat(report.identifierCounts())
                .isEqualTo(Map.of(IdentifierType.EMAIL_SHA256, 2L, IdentifierType.PHONE_SHA256, 1L));
    }

    @Test
    void shouldListOnlyTypesThatOccurWhenWritingTheDocument() {
        report.accepted(List.of(IdentifierType.ADDRESS_SHA256));
        report.acceptedRecord(List.of(identifier(IdentifierType.ADDRESS_SHA256)));
        report.rejected(3, RowRejection.BAD_HASH);

        final JsonNode json = report.toJson("complete", null, null, NOW);

        assertThat(json.get("identifiersByType").properties()).singleElement().satisfies(entry -> {
            assertThat(entry.getKey()).isEqualTo("address_sha256");
            assertThat(entry.getValue().asLong()).isEqualTo(2);
        });
        assertThat(json.get("rows").asLong()).isEqualTo(3);
        assertThat(json.get("accepted").asLong()).isEqualTo(2);
    }

    private static HashedIdentifier identifier(final IdentifierType type) {
        return new HashedIdentifier(type, "0c7e6a405862e402eb76a70f8a26fc732d07c32931e9fae9ab1582911d2e8a3b", 1);
    }
}
