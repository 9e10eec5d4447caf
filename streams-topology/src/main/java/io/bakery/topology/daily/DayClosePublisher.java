package io.bakery.topology.daily;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DayCloseRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;

/**
 * Writes an operator's close request for one client-day to {@code bakery.control.day-close}: one copy on every
 * partition (as many as the topic has on the cluster), so every daily-window task closes the day and emits its
 * end marker. Returns once every copy is acknowledged by all in-sync replicas.
 */
public final class DayClosePublisher {

    private final String bootstrapServers;
    private final Clock clock;

    public DayClosePublisher(final String bootstrapServers, final Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
    }

    /** Publishes the request and returns its id (the same on every partition). */
    public String publish(final String clientId, final LocalDate day, final String requestedBy) {
        final DayCloseRequest request = new DayCloseRequest(UUID.randomUUID().toString(), clientId, day.toString(),
                requestedBy, clock.instant());
        final ClientDayKey key = new ClientDayKey(clientId, day.toString());
        try (KafkaProducer<ClientDayKey, DayCloseRequest> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Topics.CONTROL_DAY_CLOSE.keySerde().serializer(),
                Topics.CONTROL_DAY_CLOSE.valueSerde().serializer())) {
            final List<PartitionInfo> partitions = producer.partitionsFor(Topics.CONTROL_DAY_CLOSE.name());
            final List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (final PartitionInfo partition : partitions) {
                sends.add(producer.send(new ProducerRecord<>(Topics.CONTROL_DAY_CLOSE.name(), partition.partition(),
                        key, request)));
            }
            for (final Future<RecordMetadata> send : sends) {
                send.get();
            }
            return request.getRequestId();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the day-close request", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("day-close request for " + clientId + " " + day + " not published: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
