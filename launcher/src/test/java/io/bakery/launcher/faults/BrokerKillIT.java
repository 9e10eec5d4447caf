package io.bakery.launcher.faults;

import io.bakery.launcher.AcceptedRequests;
import io.bakery.launcher.DeploymentOutcome;
import io.bakery.launcher.PixelLoad;
import io.bakery.launcher.SmallWorld;
import io.bakery.launcher.WorldConfig;
import io.bakery.launcher.WorldTraffic;
import io.bakery.schemas.Topics;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault a: one of three brokers dies while pixel hits, the identity intake and the CRM uploads flow, and comes
 * back later. The broker is stopped without a controlled shutdown, so it hands nothing over: its connections
 * drop, produce requests to the partitions it led fail until the controller notices the missed heartbeats and
 * moves leadership, as after a crash (an in-process broker cannot be SIGKILLed; its log is closed, not torn).
 */
@Timeout(240)
class BrokerKillIT {

    private static final int ANSWERS_BETWEEN_STEPS = 150;

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.withNodes(3)
            .withBrokerConfig("controlled.shutdown.enable", "false");

    @TempDir
    Path dataDir;

    @Test
    void shouldStoreEveryAcceptedEventOnceAndDeliverTheReferenceWhenABrokerIsKilledMidStream() throws Exception {
        final BakeryConfig config = WorldConfig.model();
        final SmallWorld world = FaultDeployment.world();
        final AcceptedRequests accepted = new AcceptedRequests();
        try (FaultDeployment deployment = new FaultDeployment(KAFKA.bootstrapServers(), dataDir, config)) {
            deployment.startGateway("gateway-1");
            deployment.startGateway("gateway-2");
            deployment.startTopology("topology");
            deployment.startExporter();
            final int[] victim = {-1};
            try (PixelLoad load = PixelLoad.start(deployment.gateways(), accepted, "acme-tealium", 2)) {
                FaultDeployment.awaitMoreAnswers(accepted, ANSWERS_BETWEEN_STEPS);
                // Half-way through the world's page visits: the rest, the intake and the uploads meet the outage.
                new WorldTraffic(world, deployment.gateways(), accepted).send(() -> {
                    victim[0] = leaderOfSyncEvents();
                    KAFKA.stopBroker(victim[0]);
                });
                FaultDeployment.awaitMoreAnswers(accepted, ANSWERS_BETWEEN_STEPS);
                KAFKA.startBroker(victim[0]);
                FaultDeployment.awaitMoreAnswers(accepted, ANSWERS_BETWEEN_STEPS);
            }
            FaultDeployment.assertDayAsReference(new DeploymentOutcome(KAFKA.bootstrapServers(), WorldConfig.CLIENTS),
                    world, accepted, config, deployment.exportsDir());
        }
    }

    /** A broker leading partitions of bakery.sync-events, other than the one the controller shares a node with. */
    private static int leaderOfSyncEvents() {
        try (Admin admin = KAFKA.admin()) {
            final List<TopicPartitionInfo> partitions = admin.describeTopics(List.of(Topics.SYNC_EVENTS.name()))
                    .allTopicNames().get(30, TimeUnit.SECONDS).get(Topics.SYNC_EVENTS.name()).partitions();
            return partitions.stream().map(p -> p.leader().id()).filter(id -> id != 0).findFirst().orElseThrow();
        } catch (final Exception e) {
            throw new IllegalStateException("cannot find the leaders of " + Topics.SYNC_EVENTS.name(), e);
        }
    }
}
