package io.bakery.gateway;

import static io.bakery.gateway.http.PixelFixtures.bakeryCookie;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.gateway.http.PixelFixtures;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.SyncEvent;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The broker goes away while hits keep coming; every hit is answered and, once it is back, stored exactly once. */
@Timeout(240)
class BrokerOutageIT {

    private static final int SENDERS = 4;

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    Path dataDir;

    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final Map<String, Long> answeredAtMillis = new ConcurrentHashMap<>();
    private final long startMillis = System.currentTimeMillis();
    private final AtomicBoolean sending = new AtomicBoolean(true);

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopics(List.of(Topics.SYNC_EVENTS));
    }

    /** Hits on the main port, or on the dedicated pixel listener (whose event loops then write the spool). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldStoreEveryAcceptedHitExactlyOnceWhenTheBrokerIsStoppedAndRestartedDuringTraffic(
            final boolean pixelListener) throws Exception {
        try (GatewayApp app = GatewayApp.start(new GatewaySettings("127.0.0.1", 0, KAFKA.bootstrapServers(), dataDir,
                PixelFixtures.CONFIG).withPixelPort(0))) {
            final GatewayHits hits = new GatewayHits(app);
            final GatewayHits pixelHits = pixelListener ? new GatewayHits(app.pixelPort().orElseThrow()) : hits;
            final String cookie = bakeryCookie(PixelFixtures.COOKIES.newBakeryId());
            final ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            for (int i = 0; i < SENDERS; i++) {
                senders.execute(() -> send(pixelHits, cookie));
            }

            awaitAnswers(30);
            final long stoppedAt = System.currentTimeMillis() - startMillis;
            KAFKA.stopBrokers();
            awaitAnswers(answers.size() + 60);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> hits.get("/readyz", null).body().contains("\"status\":\"degraded\""));
            final long restartAt = System.currentTimeMillis() - startMillis;
            KAFKA.startBrokers();
            final long restartedAt = System.currentTimeMillis() - startMillis;
            awaitAnswers(answers.size() + 30);
            sending.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> hits.get("/readyz", null).body().contains("\"status\":\"ready\""));

            assertThat(answers.values()).containsOnly(200);
            // This run's records: the topic also holds the other listener's run.
            final List<ConsumerRecord<ClientBakeryKey, SyncEvent>> records = KAFKA.client().readAll(Topics.SYNC_EVENTS)
                    .stream().filter(r -> answers.containsKey(r.value().getDmpCookieId())).toList();
            final Set<String> stored = records.stream().map(r -> r.value().getDmpCookieId()).collect(Collectors.toSet());
            final Map<String, Long> copiesByEventId = records.stream()
                    .collect(Collectors.groupingBy(r -> r.value().getEventId(), Collectors.counting()));
            assertThat(copiesByEventId).as("events stored more than once").allSatisfy((id, copies) ->
                    assertThat(copies).isOne());
            final Set<String> missing = new java.util.TreeSet<>(answers.keySet());
            missing.removeAll(stored);
            assertThat(missing).as("answered 200 but not stored; answered at ms %s; broker stopped at %d, restarted %d-%d",
                    missing.stream().map(answeredAtMillis::get).sorted().toList(), stoppedAt, restartAt, restartedAt)
                    .isEmpty();
            assertThat(records).hasSize(answers.size());
            assertThat(stored).isEqualTo(answers.keySet());
            assertThat(app.metrics().registry().get(io.bakery.gateway.metrics.GatewayMetrics.SPOOL_REPLAYED)
                    .counter().count()).isPositive();
        }
    }

    private void awaitAnswers(final int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> answers.size() >= count);
    }

    private void send(final GatewayHits hits, final String cookie) {
        while (sending.get()) {
            final String cookieId = UUID.randomUUID().toString();
            try {
                final int status = hits.get("/bakery/sync/dmpsyncendpoint?partner=stark-snowplow&cookieid="
                        + cookieId, cookie).statusCode();
                answeredAtMillis.put(cookieId, System.currentTimeMillis() - startMillis);
                answers.put(cookieId, status);
            } catch (final Exception e) {
                answers.put(cookieId, -1);
            }
        }
    }
}
