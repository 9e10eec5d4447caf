package io.bakery.topology.intake;

import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.ConsentDecision;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureSubject;
import io.bakery.schemas.avro.GenerationMarker;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.SyncEvent;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules each input topic's records must meet before the matching stages see them. */
public final class InputRules {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private InputRules() {}

    /** A sync hit: key and value agree, ids present, consent not denied. */
    public static final InputRule<ClientBakeryKey, SyncEvent> SYNC_EVENTS = (key, value) -> {
        if (value == null) {
            return reason("value is missing");
        }
        if (blank(key.getClientId()) || !key.getClientId().equals(value.getClientId())) {
            return reason("clientId is empty or differs between key and value");
        }
        if (blank(key.getBakeryId()) || !key.getBakeryId().equals(value.getBakeryId())) {
            return reason("bakeryId is empty or differs between key and value");
        }
        if (blank(value.getDmpCookieId())) {
            return reason("dmpCookieId is empty");
        }
        if (value.getConsent() == null || value.getConsent().getDecision() == ConsentDecision.DENIED) {
            return reason("consent.decision is DENIED: such a hit must never be stored");
        }
        return Optional.empty();
    };

    /** An identity-graph edge: keyed by its own identifier, a proper hash, a Bakery id. */
    public static final InputRule<IdentifierKey, IdentityLink> IDENTITY_LINKS = (key, value) -> {
        if (value == null) {
            return reason("value is missing");
        }
        if (blank(value.getBakeryId())) {
            return reason("bakeryId is empty");
        }
        final HashedIdentifier identifier = value.getIdentifier();
        if (!isHash(key.getHash()) || !isHash(identifier.getHash())) {
            return reason("identifier.hash is not 64 lowercase hex characters");
        }
        if (key.getType() != identifier.getType() || !key.getHash().equals(identifier.getHash())) {
            return reason("identifier differs between key and value");
        }
        return Optional.empty();
    };

    /** A CRM record version, a tombstone, or a replace-all completion marker. */
    public static final InputRule<ClientRecordKey, CrmRecord> CRM_RECORDS = (key, value) -> {
        if (blank(key.getClientId())) {
            return reason("key.clientId is empty");
        }
        final boolean marker = value != null && value.getGeneration() != null
                && value.getGeneration().getMarker() == GenerationMarker.COMPLETE;
        if (marker) {
            if (!key.getRecordId().isEmpty() || !value.getRecordId().isEmpty()) {
                return reason("recordId must be empty on a COMPLETE marker");
            }
            if (blank(value.getGeneration().getId())) {
                return reason("generation.id is empty");
            }
            return key.getClientId().equals(value.getClientId())
                    ? Optional.empty() : reason("clientId differs between key and value");
        }
        if (blank(key.getRecordId())) {
            return reason("key.recordId is empty");
        }
        if (value == null) {
            return Optional.empty();
        }
        if (!key.getClientId().equals(value.getClientId()) || !key.getRecordId().equals(value.getRecordId())) {
            return reason("clientId or recordId differs between key and value");
        }
        if (value.getGeneration() != null && blank(value.getGeneration().getId())) {
            return reason("generation.id is empty");
        }
        for (int i = 0; i < value.getIdentifiers().size(); i++) {
            if (!isHash(value.getIdentifiers().get(i).getHash())) {
                return reason("identifiers[" + i + "].hash is not 64 lowercase hex characters");
            }
        }
        return Optional.empty();
    };

    /** An erasure: keyed by its own subject, with the fields its kind needs. */
    public static final InputRule<ErasureSubject, Erasure> ERASURES = (key, value) -> {
        if (value == null) {
            return reason("value is missing");
        }
        final ErasureSubject subject = value.getSubject();
        if (!subject.equals(key)) {
            return reason("subject differs between key and value");
        }
        if (blank(subject.getValue())) {
            return reason("subject.value is empty");
        }
        switch (subject.getKind()) {
            case DMP_COOKIE:
            case CRM_RECORD:
                return blank(subject.getClientId()) ? reason("subject.clientId is required for " + subject.getKind())
                        : Optional.empty();
            case HASHED_IDENTIFIER:
                if (subject.getIdentifierType() == null) {
                    return reason("subject.identifierType is required for HASHED_IDENTIFIER");
                }
                return isHash(subject.getValue()) ? Optional.empty()
                        : reason("subject.value is not 64 lowercase hex characters");
            default:
                return Optional.empty();
        }
    };

    private static boolean blank(final String s) {
        return s == null || s.isBlank();
    }

    private static boolean isHash(final String s) {
        return s != null && SHA256_HEX.matcher(s).matches();
    }

    private static Optional<String> reason(final String reason) {
        return Optional.of(reason);
    }
}
