package io.bakery.launcher.faults;

import static org.awaitility.Awaitility.await;

import io.bakery.launcher.AcceptedRequests;
import io.bakery.launcher.Bakery;
import io.bakery.launcher.DeploymentOutcome;
import io.bakery.launcher.FreePorts;
import io.bakery.launcher.GatewayClient;
import io.bakery.launcher.PixelLoad;
import io.bakery.launcher.SmallWorld;
import io.bakery.launcher.WorldConfig;
import io.bakery.launcher.WorldTraffic;
import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault c: the whole {@code bakery dev} stack (its process with gateway, topology and exporter, and its broker's
 * child JVM) is killed with SIGKILL while pixel hits flow, half-way through the world's day, and started again on
 * the same data folder and ports. Hits answered before the kill were acknowledged by the broker or synced to the
 * gateway's spool; after the restart they are all in Kafka once, and the day ends as the reference says. The dev
 * stack has one broker, so this fault runs on it rather than on three.
 */
@Timeout(300)
class DevStackKillIT {

    /** What {@code bakery dev} prints once everything runs. */
    private static final String RUNNING = "Bakery dev stack is running";

    @TempDir
    Path dataDir;

    private int brokerPort;
    private int gatewayPort;
    private Path configFile;

    @Test
    void shouldKeepEveryAcceptedEventOnceAndDeliverTheReferenceWhenTheWholeStackIsKilledAndRestarted()
            throws Exception {
        final BakeryConfig config = WorldConfig.model();
        configFile = WorldConfig.write(dataDir.resolve("config"), WorldConfig.yaml());
        brokerPort = FreePorts.pair();
        gatewayPort = FreePorts.one();
        final SmallWorld world = FaultDeployment.world();
        final AcceptedRequests accepted = new AcceptedRequests();
        final GatewayClient gateways = new GatewayClient(List.of("http://127.0.0.1:" + gatewayPort));
        final AtomicReference<ChildJvm> stack = new AtomicReference<>(startStack("stack-1.log"));
        try {
            try (PixelLoad load = PixelLoad.start(gateways, accepted, "acme-tealium", 2)) {
                FaultDeployment.awaitMoreAnswers(accepted, 150);
                new WorldTraffic(world, gateways, accepted).send(() -> {
                    try {
                        stack.get().kill();
                        stack.set(startStack("stack-2.log"));
                    } catch (final Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                FaultDeployment.awaitMoreAnswers(accepted, 150);
            }
            FaultDeployment.assertDayAsReference(new DeploymentOutcome("127.0.0.1:" + brokerPort, WorldConfig.CLIENTS),
                    world, accepted, config, dataDir.resolve("stack").resolve("exports"));
        } finally {
            stack.get().close();
        }
    }

    /** {@code bakery dev} as a developer runs it, on this test's data folder and ports; waits until it runs. */
    private ChildJvm startStack(final String log) throws Exception {
        final ChildJvm stack = ChildJvm.start(dataDir.resolve(log), Map.of(), Bakery.class, "dev",
                "--config", configFile.toString(), "--data-dir", dataDir.resolve("stack").toString(),
                "--broker-port", Integer.toString(brokerPort), "--port", Integer.toString(gatewayPort));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.printed(RUNNING) || !stack.alive());
        if (!stack.alive()) {
            throw new IllegalStateException("bakery dev exited; see " + dataDir.resolve(log));
        }
        return stack;
    }
}
