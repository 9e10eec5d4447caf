package io.bakery.launcher.faults;

import io.bakery.schemas.config.BakeryConfig;
import io.bakery.topology.TopologyApp;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A topology instance as {@code bakery topology} runs it, with the fault tests' settings (a dead member noticed
 * within seconds), in a child JVM a test kills. Arguments: bootstrap servers, config file, state folder.
 */
public final class TopologyInstanceMain {

    /** What it prints once its topology has started. */
    static final String STARTED = "topology instance started";

    private TopologyInstanceMain() {}

    public static void main(final String[] args) throws InterruptedException {
        final BakeryConfig config = BakeryConfig.load(Path.of(args[1]), Map.of());
        TopologyApp.start(FaultDeployment.topologySettings(args[0], Path.of(args[2]), config),
                FaultDeployment.topologyOverrides());
        System.out.println(STARTED);
        new CountDownLatch(1).await();
    }
}
