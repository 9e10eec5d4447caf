package io.bakery.exporter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The exporter's meters; names are constants because dashboards and alerts use them. */
public final class ExporterMetrics {

    /** Files delivered, per client. */
    public static final String DELIVERED = "bakery.export.files.delivered";
    /** The alarm: client-days that cannot be exported complete (markers missing or totals disagree), per client. */
    public static final String INCOMPLETE = "bakery.export.days.incomplete";
    /** Deliveries that failed after every retry, per client. */
    public static final String DELIVERY_FAILURES = "bakery.export.delivery.failures";
    /** Daily-delta entries of clients this exporter has no configuration for. */
    public static final String UNKNOWN_CLIENT_ENTRIES = "bakery.export.unknown.client.entries";
    private static final String CLIENT_TAG = "client";

    private final MeterRegistry registry;

    public ExporterMetrics(final MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    void delivered(final String clientId) {
        counter(DELIVERED, clientId).increment();
    }

    void incomplete(final String clientId) {
        counter(INCOMPLETE, clientId).increment();
    }

    void deliveryFailed(final String clientId) {
        counter(DELIVERY_FAILURES, clientId).increment();
    }

    void unknownClient() {
        registry.counter(UNKNOWN_CLIENT_ENTRIES).increment();
    }

    /** The current count of {@code name} for {@code clientId}. */
    public double count(final String name, final String clientId) {
        final Counter counter = registry.find(name).tag(CLIENT_TAG, clientId).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter counter(final String name, final String clientId) {
        return registry.counter(name, CLIENT_TAG, clientId);
    }
}
