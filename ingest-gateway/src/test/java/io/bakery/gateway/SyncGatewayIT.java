package io.bakery.gateway;

import static io.bakery.gateway.http.PixelFixtures.VENDOR_ID;
import static io.bakery.gateway.http.PixelFixtures.bakeryCookie;
import static io.bakery.gateway.http.PixelFixtures.tcString;
import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.http.PixelFixtures;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ConsentDecision;
import io.bakery.schemas.avro.ErasureKind;
import io.bakery.schemas.avro.SyncEvent;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(180)
class SyncGatewayIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    static Path dataDir;

    private static GatewayApp app;
    /** Hits on the main port. */
    private static GatewayHits hits;
    /** Hits on the dedicated pixel listener. */
    private static GatewayHits pixelHits;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(List.of(Topics.SYNC_EVENTS, Topics.IDENTITY_LINKS, Topics.ERASURES));
        app = GatewayApp.start(new GatewaySettings("127.0.0.1", 0, KAFKA.bootstrapServers(), dataDir,
                PixelFixtures.CONFIG).withPixelPort(0));
        hits = new GatewayHits(app);
        pixelHits = new GatewayHits(app.pixelPort().orElseThrow());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** On either listener: the main port, and the dedicated pixel listener. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldPublishExactlyOneSyncEventPerAcceptedHitWithKeyClientAndConsent(final boolean pixelListener)
            throws Exception {
        final GatewayHits listener = pixelListener ? pixelHits : hits;
        final int n = 60;
        final List<String> bakeryIds = List.of(PixelFixtures.COOKIES.newBakeryId(), PixelFixtures.COOKIES.newBakeryId());
        final Set<String> cookieIds = new HashSet<>();
        for (int i = 0; i < n; i++) {
            final String cookieId = UUID.randomUUID().toString();
            cookieIds.add(cookieId);
            final String bakeryId = bakeryIds.get(i % 2);
            final int status = listener.get("/bakery/sync/dmpsyncendpoint?partner=stark-snowplow&site=it&cookieid="
                    + cookieId + "&gdpr=1&gdpr_consent=" + tcString(1, VENDOR_ID), bakeryCookie(bakeryId)).statusCode();
            assertThat(status).isEqualTo(200);
        }

        final List<ConsumerRecord<ClientBakeryKey, SyncEvent>> records = new ArrayList<>();
        for (final ConsumerRecord<ClientBakeryKey, SyncEvent> record : KAFKA.client().readAll(Topics.SYNC_EVENTS)) {
            if (cookieIds.contains(record.value().getDmpCookieId())) {
                records.add(record);
            }
        }

        assertThat(records).hasSize(n);
        assertThat(records.stream().map(r -> r.value().getEventId()).distinct()).hasSize(n);
        assertThat(records.stream().map(r -> r.value().getDmpCookieId()).distinct()).hasSize(n);
        assertThat(records).allSatisfy(record -> {
            assertThat(record.key().getClientId()).isEqualTo("stark");
            assertThat(record.key().getBakeryId()).isEqualTo(record.value().getBakeryId()).isIn(bakeryIds);
            assertThat(record.value().getClientId()).isEqualTo("stark");
            assertThat(record.value().getConsent().getDecision()).isEqualTo(ConsentDecision.GRANTED);
            assertThat(record.value().getConsent().getTcfVendorConsent()).isTrue();
        });
    }

    @Test
    void shouldPublishAnErasureOfTheBakeryIdWhenTheBrowserOptsOut() throws Exception {
        final String bakeryId = PixelFixtures.COOKIES.newBakeryId();

        assertThat(hits.get("/bakery/optout", bakeryCookie(bakeryId)).statusCode()).isEqualTo(200);

        assertThat(KAFKA.client().readAll(Topics.ERASURES)).filteredOn(r -> r.key().getValue().equals(bakeryId))
                .singleElement().satisfies(r -> assertThat(r.key().getKind()).isEqualTo(ErasureKind.BAKERY_ID));
    }
}
