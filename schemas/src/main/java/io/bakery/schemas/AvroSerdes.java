package io.bakery.schemas;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one place serdes for Bakery's Avro types come from. If a schema registry is adopted later, only this
 * factory changes.
 */
public final class AvroSerdes {

    private static final ConcurrentMap<Class<?>, AvroSerde<?>> SERDES = new ConcurrentHashMap<>();

    private AvroSerdes() {}

    /** The serde for {@code type}; one shared, immutable instance per type. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroSerde<T> of(final Class<T> type) {
        return (AvroSerde<T>) SERDES.computeIfAbsent(type, t -> new AvroSerde<>(type));
    }
}
