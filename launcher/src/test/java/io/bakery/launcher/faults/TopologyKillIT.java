package io.bakery.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.launcher.AcceptedRequests;
import io.bakery.launcher.DeploymentOutcome;
import io.bakery.launcher.PixelLoad;
import io.bakery.launcher.SmallWorld;
import io.bakery.launcher.WorldConfig;
import io.bakery.launcher.WorldTraffic;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import io.bakery.topology.TopologyApp;
import io.bakery.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault b: two topology instances share the work; one, in a child JVM, is killed with SIGKILL while pixel hits,
 * the identity intake and the CRM uploads flow (no close, no commit, no leave-group, its open transaction left
 * to time out). The other takes over its tasks and finishes the day exactly once.
 */
@Timeout(240)
class TopologyKillIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.withNodes(3);

    @TempDir
    Path dataDir;

    @Test
    void shouldFinishTheDayExactlyOnceWhenATopologyInstanceIsKilledMidStream() throws Exception {
        final BakeryConfig config = WorldConfig.model();
        final Path configFile = WorldConfig.write(dataDir, WorldConfig.yaml());
        final SmallWorld world = FaultDeployment.world();
        final AcceptedRequests accepted = new AcceptedRequests();
        try (FaultDeployment deployment = new FaultDeployment(KAFKA.bootstrapServers(), dataDir, config);
                ChildJvm doomed = ChildJvm.start(dataDir.resolve("doomed.log"), Map.of(), TopologyInstanceMain.class,
                        KAFKA.bootstrapServers(), configFile.toString(), dataDir.resolve("doomed").toString())) {
            deployment.startGateway("gateway");
            deployment.startExporter();
            final TopologyApp survivor = deployment.startTopology("survivor");
            // Both share the work before anything is sent (describing the group may time out under load: ask again).
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> groupMembers() == 2 && survivor.state() == KafkaStreams.State.RUNNING);

            try (PixelLoad load = PixelLoad.start(deployment.gateways(), accepted, "acme-tealium", 2)) {
                new WorldTraffic(world, deployment.gateways(), accepted).send(() -> {
                    try {
                        doomed.kill();
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
            }

            assertThat(doomed.alive()).isFalse();
            FaultDeployment.assertDayAsReference(new DeploymentOutcome(KAFKA.bootstrapServers(), WorldConfig.CLIENTS),
                    world, accepted, config, deployment.exportsDir());
            assertThat(survivor.running()).isTrue();
        }
    }

    private static int groupMembers() throws Exception {
        try (Admin admin = KAFKA.admin()) {
            return admin.describeConsumerGroups(List.of(TopologySettings.DEFAULT_APPLICATION_ID)).all()
                    .get(10, TimeUnit.SECONDS).get(TopologySettings.DEFAULT_APPLICATION_ID).members().size();
        }
    }
}
