package io.bakery.testsupport.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class TopicScanIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    private static final String EMAIL = "lotte.jansen4@example.com";
    private final TopicScan topics = new TopicScan(new PlaintextScanner(List.of(EMAIL)));

    @Test
    void shouldFindAPlantedValueWhenOnlyAnAbortedTransactionWroteIt() {
        KAFKA.createTopic("scan.aborted", 3);
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scan-test");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("scan.aborted", 1, bytes("k"), bytes("{\"email\":\"" + EMAIL + "\"}")));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("scan.aborted", 2, bytes("k"), bytes("clean")));
            producer.commitTransaction();
        }

        final ScanReport report = topics.scan(KAFKA.bootstrapServers(), Set.of("scan.aborted"));

        assertThat(report.items()).isEqualTo(2);
        assertThat(report.findings()).singleElement()
                .satisfies(f -> assertThat(f.where()).startsWith("scan.aborted-1@").endsWith("value"));
    }

    @Test
    void shouldFindAPlantedValueWhenItIsInARecordKeyOfAnyTopic() {
        KAFKA.createTopic("scan.keys", 1);
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("scan.keys", bytes(EMAIL), bytes("v")));
        }

        final ScanReport report = topics.scanAll(KAFKA.bootstrapServers());

        assertThat(report.findings()).extracting(ScanReport.Finding::where).contains("scan.keys-0@0 key");
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
