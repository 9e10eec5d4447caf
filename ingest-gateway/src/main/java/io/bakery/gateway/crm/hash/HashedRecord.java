package io.bakery.gateway.crm.hash;

import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import java.util.List;
import java.util.Optional;

/**
 * A CRM record after hashing: its id and one hash per identifier it has (spec v1), in the form the upload API
 * and {@code bakery.crm-records} carry.
 *
 * @param recordId the client's id of the record, trimmed
 * @param identifiers at least one identifier, at most one per type
 */
public record HashedRecord(String recordId, List<HashedIdentifier> identifiers) {

    public HashedRecord {
        identifiers = List.copyOf(identifiers);
    }

    /** The lowercase hex hash of {@code type}, if the record has one. */
    public Optional<String> hash(final IdentifierType type) {
        for (final HashedIdentifier identifier : identifiers) {
            if (identifier.getType() == type) {
                return Optional.of(identifier.getHash());
            }
        }
        return Optional.empty();
    }
}
