package io.bakery.topology;

import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A topology instance in its own JVM, so an IT can kill it the way a machine dies: {@code destroyForcibly()},
 * no shutdown hook, no commit, no leave-group. Arguments: bootstrap servers, application id, state dir.
 */
public final class TopologyChildProcess {

    private TopologyChildProcess() {}

    public static void main(final String[] args) throws InterruptedException {
        final TopologySettings settings = new TopologySettings(args[1], args[0], Path.of(args[2]), 1, 0, 1,
                new BakeryConfig(null, null, null, null));
        TopologyApp.start(settings, overrides());
        System.out.println("child topology started");
        new CountDownLatch(1).await();
    }

    /** Settings both IT instances share: a dead member is noticed after seconds, not the default 45 s. */
    static Map<String, Object> overrides() {
        return Map.of(
                "consumer.session.timeout.ms", 6000,
                "consumer.heartbeat.interval.ms", 1000,
                "producer.transaction.timeout.ms", 5000,
                "commit.interval.ms", 200);
    }
}
