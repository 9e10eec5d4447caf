package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.Topics;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(240)
class DevStackIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldServeReadyzCreateTopicsAndResumeDataWhenRestarted() throws Exception {
        final BakeryConfig config = BakeryConfig.load(Path.of("..", "config", "bakery.dev.yaml"), java.util.Map.of());
        final int brokerPort = FreePorts.pair();
        final ProcessHandle firstBroker;

        try (DevStack stack = DevStack.start(config, dataDir, brokerPort, 0)) {
            firstBroker = stack.brokerProcess();
            assertThat(readyz(stack)).isEqualTo(200);
            assertThat(topicNames(stack.bootstrapServers()))
                    .containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
        }
        // Stopping leaves no broker JVM behind.
        assertThat(firstBroker.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();

        try (DevStack again = DevStack.start(config, dataDir, brokerPort, 0)) {
            // Same storage: the cluster still knows the topics without creating them again.
            assertThat(topicNames(again.bootstrapServers()))
                    .containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
            assertThat(readyz(again)).isEqualTo(200);
        }
    }

    private static int readyz(final DevStack stack) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/readyz")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Set<String> topicNames(final String bootstrapServers) throws Exception {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
