package io.bakery.gateway.kafka;

import io.bakery.schemas.TopicSpec;

/**
 * One event on its way to a topic, already serialized with the topic's serdes, so it can wait in the disk spool
 * and be replayed byte for byte.
 *
 * @param topic the topic name
 * @param key the serialized key
 * @param value the serialized value
 */
public record OutgoingEvent(String topic, byte[] key, byte[] value) {

    /** Serializes {@code key} and {@code value} with {@code topic}'s serdes. */
    public static <K, V> OutgoingEvent of(final TopicSpec<K, V> topic, final K key, final V value) {
        return new OutgoingEvent(topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }
}
