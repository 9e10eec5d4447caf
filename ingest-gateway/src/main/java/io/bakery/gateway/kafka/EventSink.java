package io.bakery.gateway.kafka;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where the pixel handlers hand their events; the future completes once the events are durable. */
public interface EventSink {

    /**
     * Publishes {@code events}. The returned future completes normally once every event is acknowledged by Kafka
     * or written durably to the local spool, and exceptionally when neither is possible; it never blocks the
     * caller on Kafka.
     */
    CompletableFuture<Void> publish(List<OutgoingEvent> events);
}
