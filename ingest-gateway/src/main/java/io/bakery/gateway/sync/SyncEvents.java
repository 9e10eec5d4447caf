package io.bakery.gateway.sync;

import io.bakery.gateway.kafka.OutgoingEvent;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ConsentSnapshot;
import io.bakery.schemas.avro.SyncEvent;
import java.time.Instant;
import java.util.UUID;

/** Builds the {@code bakery.sync-events} record of an accepted sync hit, keyed by client and Bakery id. */
public final class SyncEvents {

    private SyncEvents() {}

    public static OutgoingEvent of(
            final SyncRequest request, final String bakeryId, final ConsentSnapshot consent, final Instant now) {
        final String clientId = request.client().id();
        final SyncEvent event = SyncEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setClientId(clientId)
                .setPartner(request.partner())
                .setSite(request.site())
                .setDmpCookieId(request.cookieId())
                .setBakeryId(bakeryId)
                .setReceivedAt(now)
                .setConsent(consent)
                .build();
        return OutgoingEvent.of(Topics.SYNC_EVENTS, new ClientBakeryKey(clientId, bakeryId), event);
    }
}
