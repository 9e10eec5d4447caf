package io.bakery.gateway.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Answers "is Kafka reachable right now?" for {@code /readyz}, asking the cluster at most once per interval so
 * that a probe storm never becomes an admin-request storm.
 */
public final class KafkaReadiness implements AutoCloseable {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CACHE_FOR = Duration.ofSeconds(1);

    private final Admin admin;
    private long checkedAtNanos;
    private boolean reachable;

    public KafkaReadiness(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "bakery-gateway-readiness");
        this.admin = Admin.create(props);
        this.checkedAtNanos = System.nanoTime() - CACHE_FOR.toNanos() - 1;
    }

    /** Whether a broker answered a cluster description within the timeout, checked at most once a second. */
    public synchronized boolean kafkaReachable() {
        final long now = System.nanoTime();
        if (now - checkedAtNanos > CACHE_FOR.toNanos()) {
            reachable = describeCluster();
            checkedAtNanos = System.nanoTime();
        }
        return reachable;
    }

    private boolean describeCluster() {
        try {
            final DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis());
            return !admin.describeCluster(options).nodes().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (final Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
