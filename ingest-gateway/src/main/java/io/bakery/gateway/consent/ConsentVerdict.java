package io.bakery.gateway.consent;

import io.bakery.schemas.avro.ConsentSnapshot;
import java.util.Optional;

/**
 * What the consent policy decided for one request.
 *
 * @param snapshot the signals and the decision, as kept on every stored event
 * @param block why nothing may be stored; empty when storing is allowed
 */
public record ConsentVerdict(ConsentSnapshot snapshot, Optional<ConsentBlock> block) {

    /** Whether the request's data may be stored and a cookie set. */
    public boolean allowsStoring() {
        return block.isEmpty();
    }
}
