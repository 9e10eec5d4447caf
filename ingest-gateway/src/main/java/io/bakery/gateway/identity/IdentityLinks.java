package io.bakery.gateway.identity;

import io.bakery.gateway.kafka.OutgoingEvent;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.LinkOp;
import java.time.Instant;
import java.util.UUID;

/** Builds the {@code bakery.identity-links} record of one identity pixel edge, keyed by identifier type and hash. */
public final class IdentityLinks {

    /** The {@code source} of links from the identity pixel. */
    public static final String SOURCE = "identity-pixel";

    private IdentityLinks() {}

    public static OutgoingEvent of(final String bakeryId, final HashedIdentifier identifier, final Instant now) {
        final IdentityLink link = IdentityLink.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBakeryId(bakeryId)
                .setIdentifier(identifier)
                .setOp(LinkOp.ADD)
                .setSource(SOURCE)
                .setObservedAt(now)
                .build();
        return OutgoingEvent.of(Topics.IDENTITY_LINKS,
                new IdentifierKey(identifier.getType(), identifier.getHash()), link);
    }
}
