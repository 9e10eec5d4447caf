package io.bakery.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.schemas.Topics;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DurablePublisherIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    Path spoolDir;

    @Test
    void shouldRunTheAnswerOffTheProducersNetworkThreadWhenKafkaAcknowledges() throws Exception {
        KAFKA.createTopics(List.of(Topics.SYNC_EVENTS));
        try (DiskSpool spool = new DiskSpool(spoolDir);
             DurablePublisher publisher = new DurablePublisher(KAFKA.bootstrapServers(), spool, new GatewayMetrics())) {
            final OutgoingEvent event = new OutgoingEvent(Topics.SYNC_EVENTS.name(),
                    "key".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8));
            // The very first send finds no topic metadata yet and is spooled; once the spool is replayed the
            // producer knows the topic and the next send goes straight to Kafka.
            publisher.publish(List.of(event)).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.spoolDepth() == 0);

            // The continuation stands for the request's answer: it runs on the thread that completes the send.
            final String answeredOn = publisher.publish(List.of(event))
                    .thenApply(acknowledged -> Thread.currentThread().getName())
                    .get(30, TimeUnit.SECONDS);

            assertThat(publisher.spoolDepth()).isZero();
            assertThat(answeredOn).startsWith("bakery-ack").doesNotContain("kafka-producer-network-thread");
        }
    }

    @Test
    void shouldNotReplayACopyKafkaHoldsWhenThePreviousRunDiedBeforeItsSendSettled() throws Exception {
        final KilledRun killed = leaveSpoolOfAKilledRun("spool-left-by-a-killed-run");

        try (DiskSpool spool = new DiskSpool(spoolDir);
             DurablePublisher publisher = new DurablePublisher(KAFKA.bootstrapServers(), spool, new GatewayMetrics())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.spoolDepth() == 0);
        }

        // Before the fix the written event was replayed: it was in the topic twice.
        killed.assertStoredOnceEach();
    }

    @Test
    void shouldHoldTheKilledRunsCopiesUncheckedUntilKafkaCanBeReadAndThenNotReplayWhatItHolds() throws Exception {
        final KilledRun killed = leaveSpoolOfAKilledRun("spool-left-while-kafka-away");

        KAFKA.stopBrokers();
        try (DiskSpool spool = new DiskSpool(spoolDir);
             DurablePublisher publisher = new DurablePublisher(KAFKA.bootstrapServers(), spool, new GatewayMetrics())) {
            try {
                // Long enough for the first check to fail on the missing brokers: nothing is dropped or replayed.
                await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15))
                        .until(() -> publisher.spoolDepth() == 3);
            } finally {
                KAFKA.startBrokers();
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> publisher.spoolDepth() == 0);
        }

        killed.assertStoredOnceEach();
    }

    /**
     * Creates {@code topic} and leaves in the spool what a gateway leaves when it is killed between the broker
     * writing a send and the spool forgetting its held copy.
     */
    private KilledRun leaveSpoolOfAKilledRun(final String topic) throws Exception {
        KAFKA.createTopic(topic, 6);
        final KilledRun killed = new KilledRun(topic, event(topic, "written"), event(topic, "lost"),
                event(topic, "never-sent"));
        final long handedOverAt = System.currentTimeMillis();
        produce(killed.written());
        try (DiskSpool spool = new DiskSpool(spoolDir)) {
            spool.appendHandedOver(List.of(killed.written(), killed.lost()), List.of(handedOverAt, handedOverAt));
            spool.append(List.of(killed.neverSent()));
        }
        return killed;
    }

    /**
     * What a killed gateway left: {@code written} held in the spool and in the topic, {@code lost} held and not in
     * the topic (the broker never got it), {@code neverSent} spooled without reaching a producer.
     */
    private record KilledRun(String topic, OutgoingEvent written, OutgoingEvent lost, OutgoingEvent neverSent) {

        /** The topic holds the three events once each, and nothing else. */
        void assertStoredOnceEach() {
            final List<ConsumerRecord<byte[], byte[]>> stored = readAll(topic);
            assertThat(countOf(stored, written)).as("the event the killed run's broker wrote").isEqualTo(1);
            assertThat(countOf(stored, lost)).as("the held event the broker never wrote").isEqualTo(1);
            assertThat(countOf(stored, neverSent)).as("the event never handed to a producer").isEqualTo(1);
            assertThat(stored).hasSize(3);
        }
    }

    private static OutgoingEvent event(final String topic, final String name) {
        // Distinct keys spread the events over partitions; the id makes each value unique, as an event id does.
        return new OutgoingEvent(topic, ("cookie-" + name).getBytes(StandardCharsets.UTF_8),
                (name + "-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    /** Produces the event's bytes as the gateway's producer would: keyed, default partitioner. */
    private static void produce(final OutgoingEvent event) throws Exception {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value())).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(final String topic) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
            return records;
        }
    }

    private static long countOf(final List<ConsumerRecord<byte[], byte[]>> stored, final OutgoingEvent event) {
        return stored.stream()
                .filter(record -> Arrays.equals(record.key(), event.key()) && Arrays.equals(record.value(), event.value()))
                .count();
    }
}
