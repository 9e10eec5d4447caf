package io.bakery.gateway.optout;

import io.bakery.gateway.kafka.OutgoingEvent;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureKind;
import io.bakery.schemas.avro.ErasureSubject;
import java.time.Instant;
import java.util.UUID;

/** Builds the {@code bakery.erasures} record an opt-out emits: erase every trace of that browser's Bakery id. */
public final class OptOutErasures {

    /** The erasure reason of an opt-out. */
    public static final String REASON = "opt-out";

    private OptOutErasures() {}

    public static OutgoingEvent of(final String bakeryId, final Instant now) {
        final ErasureSubject subject = ErasureSubject.newBuilder()
                .setKind(ErasureKind.BAKERY_ID)
                .setClientId(null)
                .setIdentifierType(null)
                .setValue(bakeryId)
                .build();
        final Erasure erasure = Erasure.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSubject(subject)
                .setReason(REASON)
                .setRequestedAt(now)
                .build();
        return OutgoingEvent.of(Topics.ERASURES, subject, erasure);
    }
}
