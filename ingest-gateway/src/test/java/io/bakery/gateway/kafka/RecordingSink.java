package io.bakery.gateway.kafka;

import io.bakery.schemas.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An event sink for handler tests that keeps what it is given, so a test can assert what a request published and,
 * above all, that a refused request published nothing. Kafka itself is exercised by the {@code *IT} classes.
 */
public final class RecordingSink implements EventSink {

    private final List<OutgoingEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public CompletableFuture<Void> publish(final List<OutgoingEvent> published) {
        if (failing) {
            return CompletableFuture.failedFuture(new SpoolUnavailableException("spool is full", null));
        }
        events.addAll(published);
        return CompletableFuture.completedFuture(null);
    }

    /** Makes every later publish fail, as when neither Kafka nor the spool can take the event. */
    public void failFromNowOn() {
        failing = true;
    }

    public List<OutgoingEvent> events() {
        return List.copyOf(events);
    }

    /** The values published to {@code topic}, deserialized with its serde. */
    public <K, V> List<V> values(final TopicSpec<K, V> topic) {
        final List<V> values = new ArrayList<>();
        for (final OutgoingEvent event : events) {
            if (event.topic().equals(topic.name())) {
                values.add(topic.valueSerde().deserializer().deserialize(topic.name(), event.value()));
            }
        }
        return values;
    }

    /** The keys published to {@code topic}, deserialized with its serde. */
    public <K, V> List<K> keys(final TopicSpec<K, V> topic) {
        final List<K> keys = new ArrayList<>();
        for (final OutgoingEvent event : events) {
            if (event.topic().equals(topic.name())) {
                keys.add(topic.keySerde().deserializer().deserialize(topic.name(), event.key()));
            }
        }
        return keys;
    }
}
