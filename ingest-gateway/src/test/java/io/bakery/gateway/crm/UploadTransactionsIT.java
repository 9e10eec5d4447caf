package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pipelined sends of an upload transaction, on a real broker: order, failures, and aborts. */
@Timeout(120)
class UploadTransactionsIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    /** One producer: every transaction of a test runs on the same slot, as the next upload would. */
    private static UploadTransactions transactions;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(Topics.ALL);
        transactions = new UploadTransactions(KAFKA.bootstrapServers(), "upload-transactions-it",
                UploadSettings.defaults().withConcurrentUploads(1));
    }

    @AfterAll
    static void stop() {
        transactions.close();
    }

    @Test
    void shouldKeepTheOrderOfSendsWhenTheyFillManyBatches() throws Exception {
        final int count = 5 * UploadTransactions.BATCH_RECORDS + 7;
        try (UploadTransactions.Transaction transaction = transactions.begin()) {
            sendRecords(transaction, "ordered", 0, count);
            transaction.commit();
        }

        assertThat(recordIds("ordered")).hasSize(count).isSortedAccordingTo(
                (a, b) -> Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))));
    }

    @Test
    void shouldStoreNothingOfAnAbortedTransactionWhenTheNextOneOnTheSameProducerCommits() throws Exception {
        try (UploadTransactions.Transaction aborted = transactions.begin()) {
            sendRecords(aborted, "aborting", 0, 3 * UploadTransactions.BATCH_RECORDS + 1);
            aborted.abort();
        }
        try (UploadTransactions.Transaction next = transactions.begin()) {
            sendRecords(next, "aborting", 100_000, 5);
            next.commit();
        }

        assertThat(recordIds("aborting")).containsExactly("r100000", "r100001", "r100002", "r100003", "r100004");
    }

    @Test
    void shouldFailTheUploadWhenARecordCannotBeEncodedOnTheSenderThread() throws Exception {
        try (UploadTransactions.Transaction transaction = transactions.begin()) {
            sendRecords(transaction, "unencodable", 0, 10);
            // A null client id is not allowed by the schema: the sender thread fails to encode it.
            transaction.send(Topics.CRM_RECORDS, 0, new ClientRecordKey("unencodable", "bad"),
                    new CrmRecord(null, "bad", List.of(), "u", Instant.EPOCH, null));

            assertThatThrownBy(transaction::flush).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("not encoded or not acknowledged");
            assertThatThrownBy(() -> sendRecords(transaction, "unencodable", 10, 1))
                    .as("later sends are refused at once").isInstanceOf(KafkaException.class);
        }
        try (UploadTransactions.Transaction next = transactions.begin()) {
            sendRecords(next, "unencodable", 20, 1);
            next.commit();
        }

        assertThat(recordIds("unencodable")).containsExactly("r20");
    }

    private static void sendRecords(final UploadTransactions.Transaction transaction, final String clientId,
                                    final int from, final int count) {
        for (int i = from; i < from + count; i++) {
            final String recordId = "r" + i;
            // One partition, so that the order in the topic is the order of the sends.
            transaction.send(Topics.CRM_RECORDS, 0, new ClientRecordKey(clientId, recordId),
                    new CrmRecord(clientId, recordId, List.of(), "u", Instant.EPOCH, null));
        }
    }

    private static List<String> recordIds(final String clientId) {
        return KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream().map(ConsumerRecord::key)
                .filter(key -> clientId.equals(key.getClientId())).map(ClientRecordKey::getRecordId).toList();
    }
}
