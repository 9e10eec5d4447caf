package io.bakery.gateway.crm.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.crm.RowRejection;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.normalize.AddressFields;
import io.bakery.schemas.normalize.Rejection;
import io.bakery.schemas.normalize.Sha256;
import org.junit.jupiter.api.Test;

class PlaintextRowHasherTest {

    private final PlaintextRowHasher hasher = new PlaintextRowHasher("NL", 128);

    @Test
    void shouldHashEveryIdentifierUnderSpecV1WhenAllArePresent() {
        final PlaintextRowHasher.Outcome outcome = hasher.hash(new PlaintextRecord(" c-1 ",
                " Jan.Jansen+news@GoogleMail.com\t", "06-12345678", new AddressFields(null, "1042 jn", "12", "a")));

        assertThat(outcome.rejection()).isNull();
        final HashedRecord record = outcome.record();
        assertThat(record.recordId()).isEqualTo("c-1");
        assertThat(record.hash(IdentifierType.EMAIL_SHA256)).hasValue(Sha256.hex("jan.jansen+news@googlemail.com"));
        assertThat(record.hash(IdentifierType.EMAIL_CANONICAL_SHA256)).hasValue(Sha256.hex("janjansen@gmail.com"));
        assertThat(record.hash(IdentifierType.PHONE_SHA256)).hasValue(Sha256.hex("31612345678"));
        assertThat(record.hash(IdentifierType.ADDRESS_SHA256)).hasValue(Sha256.hex("NL|1042JN|12|A"));
        assertThat(record.identifiers()).extracting(HashedIdentifier::getSpecVersion).containsOnly(1);
    }

    @Test
    void shouldRejectTheWholeRecordWhenOneIdentifierIsInvalid() {
        final PlaintextRowHasher.Outcome outcome = hasher.hash(new PlaintextRecord("c-2", "jan@example.com", "12",
                null));

        assertThat(outcome.record()).isNull();
        assertThat(outcome.rejection()).isEqualTo(Rejection.INVALID_PHONE);
    }

    @Test
    void shouldRejectWithTheAddressReasonWhenThePostcodeDoesNotFitTheCountry() {
        assertThat(hasher.hash(new PlaintextRecord("c-3", null, null, new AddressFields("DE", "1042JN", "12", null)))
                .rejection()).isEqualTo(Rejection.INVALID_POSTCODE);
    }

    @Test
    void shouldRejectATaggedGmailAddressWhenItNamesNoMailbox() {
        assertThat(hasher.hash(new PlaintextRecord("c-4", "+news@gmail.com", null, null)).rejection())
                .isEqualTo(Rejection.INVALID_EMAIL);
    }

    @Test
    void shouldGiveTheCanonicalVariantTheBasicFormsHashWhenTheDomainIsNotGmail() {
        final HashedRecord record = hasher.hash(new PlaintextRecord("c-6", " Jan.Jansen+news@Example.com", null, null))
                .record();

        assertThat(record.hash(IdentifierType.EMAIL_SHA256)).hasValue(Sha256.hex("jan.jansen+news@example.com"));
        assertThat(record.hash(IdentifierType.EMAIL_CANONICAL_SHA256)).hasValue(Sha256.hex("jan.jansen+news@example.com"));
    }

    @Test
    void shouldIgnoreTheAddressWhenOnlyItsCountryIsGiven() {
        final PlaintextRowHasher.Outcome outcome = hasher.hash(new PlaintextRecord("c-5", "jan@example.com", null,
                new AddressFields("NL", " ", "", null)));

        assertThat(outcome.record().identifiers()).extracting(HashedIdentifier::getType)
                .containsExactly(IdentifierType.EMAIL_SHA256, IdentifierType.EMAIL_CANONICAL_SHA256);
    }

    @Test
    void shouldRejectWithNoIdentifierWhenEveryFieldIsBlankUnderTheSpec() {
        assertThat(hasher.hash(new PlaintextRecord("c-6", "\u00A0", "\u3000", new AddressFields("NL", null, null,
                null))).rejection()).isEqualTo(RowRejection.NO_IDENTIFIER);
    }

    @Test
    void shouldRejectWithMissingRecordIdWhenTheIdIsBlank() {
        assertThat(hasher.hash(new PlaintextRecord("  ", "jan@example.com", null, null)).rejection())
                .isEqualTo(RowRejection.MISSING_RECORD_ID);
    }

    @Test
    void shouldRejectARecordIdTheUploadApiWouldRejectWhenItIsTooLong() {
        assertThat(hasher.hash(new PlaintextRecord("x".repeat(129), "jan@example.com", null, null)).rejection())
                .isEqualTo(RowRejection.RECORD_ID_TOO_LONG);
    }

    @Test
    void shouldNeverShowAValueWhenTheRecordIsPrinted() {
        assertThat(new PlaintextRecord("c-7", "jan@example.com", "0612345678", null).toString())
                .doesNotContain("jan@example.com", "0612345678", "c-7");
    }
}
