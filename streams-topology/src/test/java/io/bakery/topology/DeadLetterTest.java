package io.bakery.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.DeadLetter;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(stateDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldDeadLetterAndGoOnWhenARecordCannotBeDecoded() {
        fixture.pipeRaw(Topics.SYNC_EVENTS, "not avro".getBytes(StandardCharsets.UTF_8),
                "alice@example.com".getBytes(StandardCharsets.UTF_8));

        final List<DeadLetter> letters = fixture.deadLetters();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.SYNC_EVENTS.name());
            assertThat(letter.getReason()).startsWith("key is undecodable");
            assertThat(letter.getReason()).doesNotContain("alice");
        });
        fixture.upsert("acme", "record-1", "alice@example.com");
        fixture.link("alice@example.com", "bakery-1");
        fixture.sync("acme", "bakery-1", "cookie-1");
        assertThat(TopologyFixture.describe(fixture.matches())).containsExactly("ADDED acme cookie-1 record-1");
    }

    @Test
    void shouldDeadLetterWithoutStoringWhenACrmIdentifierIsNotAHash() {
        // A CRM system published a plaintext email where a hash belongs: nothing of it may be kept.
        fixture.input(Topics.CRM_RECORDS).pipeInput(new ClientRecordKey("acme", "record-1"), CrmRecord.newBuilder()
                .setClientId("acme")
                .setRecordId("record-1")
                .setIdentifiers(List.of(new HashedIdentifier(IdentifierType.EMAIL_SHA256, "alice@example.com", 1)))
                .setUploadId("upload-1")
                .setUpdatedAt(fixture.now())
                .build(), fixture.now());

        assertThat(fixture.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).isEqualTo("identifiers[0].hash is not 64 lowercase hex characters");
            assertThat(letter.getProcessor()).isEqualTo(BakeryTopology.CRM_RECORDS_DECODER);
        });
        final var records = fixture.driver.<org.apache.kafka.common.utils.Bytes, Object>getKeyValueStore(
                io.bakery.topology.crm.CrmRecordProcessor.RECORDS_STORE);
        try (var all = records.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }
}
