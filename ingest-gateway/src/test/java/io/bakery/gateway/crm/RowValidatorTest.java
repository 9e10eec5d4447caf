package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.normalize.Sha256;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowValidatorTest {

    private static final String HASH = "0c7e6a405862e402eb76a70f8a26fc732d07c32931e9fae9ab1582911d2e8a3b";
    private static final String HASH_BASE64 = "DH5qQFhi5ALrdqcPiib8cy0Hwykx6frpqxWCkR0uijs=";

    private final RowValidator validator = new RowValidator(UploadMode.ADD, 16);

    @Test
    void shouldAcceptRowWithCanonicalHashWhenHashIsBase64() {
        final RowValidator.Outcome outcome = validator.validate(row("r1", HASH_BASE64));

        assertThat(outcome.rejection()).isNull();
        assertThat(outcome.identifiers()).singleElement().satisfies(id -> {
            assertThat(id.getHash()).isEqualTo(HASH);
            assertThat(id.getSpecVersion()).isEqualTo(1);
        });
    }

    @Test
    void shouldRejectWithMissingRecordIdWhenRecordIdIsBlank() {
        assertThat(validator.validate(row("  ", HASH)).rejection()).isEqualTo(RowRejection.MISSING_RECORD_ID);
    }

    @Test
    void shouldRejectWithRecordIdTooLongWhenOverTheLimit() {
        assertThat(validator.validate(row("r".repeat(17), HASH)).rejection())
                .isEqualTo(RowRejection.RECORD_ID_TOO_LONG);
    }

    @Test
    void shouldRejectWithBadHashWhenACellIsNotAHash() {
        assertThat(validator.validate(row("r1", "a@b.com")).rejection()).isEqualTo(RowRejection.BAD_HASH);
    }

    @Test
    void shouldRejectWithHashOfEmptyValueWhenAnEmptyCellWasHashed() {
        assertThat(validator.validate(row("r1", Sha256.OF_EMPTY)).rejection())
                .isEqualTo(RowRejection.HASH_OF_EMPTY_VALUE);
    }

    @Test
    void shouldRejectWithNoIdentifierWhenEveryCellIsEmpty() {
        assertThat(validator.validate(row("r1", "")).rejection()).isEqualTo(RowRejection.NO_IDENTIFIER);
    }

    @Test
    void shouldRejectLaterRowWithDuplicateRecordIdWhenTheIdWasSeen() {
        validator.validate(row("r1", HASH));

        assertThat(validator.validate(row("r1", HASH)).rejection()).isEqualTo(RowRejection.DUPLICATE_RECORD_ID);
    }

    @Test
    void shouldNotCountARejectedRowAsSeenWhenCheckingDuplicates() {
        validator.validate(row("r1", "not-a-hash"));

        assertThat(validator.validate(row("r1", HASH)).rejection()).isNull();
    }

    @Test
    void shouldAcceptRowWithoutIdentifiersWhenRemoving() {
        final RowValidator remover = new RowValidator(UploadMode.REMOVE, 16);

        assertThat(remover.validate(new UploadRow(2, "r1", List.of(), List.of(), null)).rejection()).isNull();
    }

    @Test
    void shouldRejectWithBadJsonWhenAnNdjsonLineIsNotAnObject() throws IOException {
        final NdjsonUploadReader reader = new NdjsonUploadReader(new StringReader("[1,2]\n{\"record_id\":\"r\","
                + "\"email\":\"x\"}\n{\"record_id\":\"r2\",\"phone_sha256\":[\"" + HASH + "\"]}\n"), 1000);

        assertThat(reader.next().rejection()).isEqualTo(RowRejection.BAD_JSON);
        assertThat(reader.next().rejection()).isEqualTo(RowRejection.BAD_JSON);
        assertThat(validator.validate(reader.next()).identifiers()).singleElement()
                .extracting(id -> id.getType()).isEqualTo(IdentifierType.PHONE_SHA256);
    }

    private static UploadRow row(final String recordId, final String hash) {
        return new UploadRow(2, recordId, List.of(IdentifierType.EMAIL_SHA256), List.of(hash), null);
    }
}
