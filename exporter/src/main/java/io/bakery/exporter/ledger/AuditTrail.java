package io.bakery.exporter.ledger;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.AuditEvent;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serdes;

/** Writes the exporter's audit events (export, export-incomplete, export-failed) to {@code bakery.audit}. */
public final class AuditTrail implements AutoCloseable {

    public static final String ACTION_EXPORT = "export";
    public static final String ACTION_INCOMPLETE = "export-incomplete";
    public static final String ACTION_FAILED = "export-failed";

    private final KafkaProducer<String, AuditEvent> producer;

    public AuditTrail(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, Serdes.String().serializer(),
                Topics.AUDIT.valueSerde().serializer());
    }

    /** Publishes {@code event} keyed by its client and waits for the acknowledgement. */
    public void publish(final AuditEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.AUDIT.name(), event.getClientId(), event))
                    .get(30, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted writing an audit event", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot write an audit event", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
