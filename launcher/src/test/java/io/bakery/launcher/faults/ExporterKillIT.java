package io.bakery.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.launcher.AcceptedRequests;
import io.bakery.launcher.Bakery;
import io.bakery.launcher.DeploymentOutcome;
import io.bakery.launcher.SmallWorld;
import io.bakery.launcher.WorldConfig;
import io.bakery.launcher.WorldTraffic;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault d: {@code bakery exporter}, in a child JVM, is killed with SIGKILL while it uploads a delta file to a
 * partner's SFTP server (the server holds the upload after its first chunk, so the kill lands mid-file), then
 * started again: the partner ends up with exactly the reference files, each once and whole, no temporary file
 * left, and the ledger records each client-day delivered once.
 */
@Timeout(300)
class ExporterKillIT {

    private static final String PASSWORD_VARIABLE = "IT_SFTP_PASSWORD";
    private static final String PASSWORD = "exporter-kill-it-sftp-password";

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.withNodes(3);

    @TempDir
    Path dataDir;

    @Test
    void shouldDeliverEachFileOnceAndWholeWhenTheExporterIsKilledDuringAnUpload() throws Exception {
        final SmallWorld world = FaultDeployment.world();
        final AcceptedRequests accepted = new AcceptedRequests();
        try (SftpInbox partner = SftpInbox.start(dataDir.resolve("sftp"), dataDir.resolve("host-key.ser"), PASSWORD)) {
            final String fingerprint = partner.hostKeyFingerprint();
            final String yaml = WorldConfig.yaml(client -> """
                        export:
                          destination:
                            type: sftp
                            host: 127.0.0.1
                            port: %d
                            user: %s
                            password: ${%s}
                            remoteDir: %s
                            hostKey: "%s"
                    """.formatted(partner.port(), SftpInbox.USER, PASSWORD_VARIABLE, client, fingerprint));
            final BakeryConfig config = BakeryConfig.parse(yaml, Map.of(PASSWORD_VARIABLE, PASSWORD));
            final Path configFile = WorldConfig.write(dataDir, yaml);
            final DeploymentOutcome outcome = new DeploymentOutcome(KAFKA.bootstrapServers(), WorldConfig.CLIENTS);
            try (FaultDeployment deployment = new FaultDeployment(KAFKA.bootstrapServers(), dataDir, config);
                    ChildJvm exporter = startExporter(configFile, "exporter-1.log")) {
                deployment.startGateway("gateway");
                deployment.startTopology("topology");
                new WorldTraffic(world, deployment.gateways(), accepted).send();
                FaultDeployment.assertMatchedAsReference(outcome, world, accepted);

                outcome.closeEachClientsDay(config);
                assertThat(partner.awaitFirstUploadHeld(120)).as("an upload reached the partner").isTrue();
                exporter.kill();
                partner.release();
                final Set<String> clients = world.expectedRows().keySet();
                assertThat(FaultDeployment.hiddenFiles(partner.root(), clients)).as("the killed upload's file")
                        .hasSize(1);

                try (ChildJvm restarted = startExporter(configFile, "exporter-2.log")) {
                    FaultDeployment.assertDeliveredAsReference(outcome, world, partner.root());
                }
            }
        }
    }

    /** {@code bakery exporter}, as an operator runs it, in a child JVM. */
    private ChildJvm startExporter(final Path configFile, final String log) throws Exception {
        return ChildJvm.start(dataDir.resolve(log), Map.of(PASSWORD_VARIABLE, PASSWORD), Bakery.class,
                "exporter", "--bootstrap-servers", KAFKA.bootstrapServers(), "--config", configFile.toString(),
                "--data-dir", dataDir.resolve("exporter").toString());
    }
}
