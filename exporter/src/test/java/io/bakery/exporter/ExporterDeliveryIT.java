package io.bakery.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.exporter.delivery.RetryPolicy;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.AuditEvent;
import io.bakery.schemas.avro.DeliveryState;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.avro.ExportDelivery;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.config.DestinationConfig;
import io.bakery.schemas.config.Dmp;
import io.bakery.schemas.config.ExportConfig;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Delivery on a real broker to a real SFTP server (Apache MINA SSHD) and a real S3 server (S3Proxy), on loopback. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExporterDeliveryIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    private static final String SFTP_USER = "bakery";
    private static final String SFTP_PASSWORD = "sftp-test-password";
    private static final String S3_KEY_ID = "test-access-key";
    private static final String S3_SECRET = "test-secret-key";
    private static final String BUCKET = "da-production-transfer-globex";
    private static final List<DeltaRow> ROWS = List.of(
            new DeltaRow("0123456789abcdef0123456789abcdef0123456789abc", List.of("rec-1", "rec-2")),
            new DeltaRow("fedcba9876543210fedcba9876543210fedcba9876543", List.of("rec-3")));

    @TempDir
    static Path work;

    private static SshServer sftpServer;
    private static S3Proxy s3Proxy;
    private static ExporterApp exporter;
    private static ExporterSettings settings;

    @BeforeAll
    static void startServers() throws Exception {
        KAFKA.createTopics(Topics.ALL);
        final Path sftpRoot = Files.createDirectories(work.resolve("sftp-root/inbox"));
        sftpServer = SshServer.setUpDefaultServer();
        sftpServer.setHost("127.0.0.1");
        sftpServer.setPort(0);
        sftpServer.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(work.resolve("host-key.ser")));
        sftpServer.setPasswordAuthenticator((user, password, session) ->
                SFTP_USER.equals(user) && SFTP_PASSWORD.equals(password));
        sftpServer.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftpServer.setFileSystemFactory(new VirtualFileSystemFactory(sftpRoot.getParent()));
        sftpServer.start();
        final String hostKey = KeyUtils.getFingerPrint(
                sftpServer.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());

        s3Proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_KEY_ID, S3_SECRET)
                .build();
        s3Proxy.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3Proxy.getState()));
        try (S3Client s3 = s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }

        final ClientConfig sftpClient = new ClientConfig("acme", Dmp.TEALIUM, List.of("acme-tealium"),
                "Europe/Amsterdam", null, null, null, null, new ExportConfig(
                new DestinationConfig(DestinationConfig.Type.SFTP, null, "127.0.0.1", sftpServer.getPort(),
                        SFTP_USER, SFTP_PASSWORD, null, "inbox", hostKey, null, null, null, null, null, null),
                null, null, null, null));
        final ClientConfig s3Client = new ClientConfig("globex", Dmp.PIANO, List.of("globex-piano"),
                "UTC", null, null, null, null, new ExportConfig(
                new DestinationConfig(DestinationConfig.Type.S3, null, null, null, null, null, null, null, null,
                        "http://127.0.0.1:" + s3Proxy.getPort(), BUCKET, "exports/piano/", "eu-central-1",
                        S3_KEY_ID, S3_SECRET),
                null, null, null, null));
        final ClientConfig folderClient = new ClientConfig("initech", Dmp.SELLIGENT, List.of("initech-selligent"),
                "UTC", null, null, null, null);
        settings = new ExporterSettings("delivery-it", KAFKA.bootstrapServers(), work.resolve("out"),
                new BakeryConfig(null, null, List.of(sftpClient, s3Client, folderClient), null))
                .withRetry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(500)));
        exporter = ExporterApp.start(settings);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (exporter != null) {
            exporter.close();
        }
        if (s3Proxy != null) {
            s3Proxy.stop();
        }
        if (sftpServer != null) {
            sftpServer.stop(true);
        }
    }

    @Test
    void shouldPushTealiumFileToSftpServerWhenDayIsComplete() throws Exception {
        final DailyDeltas day = new DailyDeltas("acme", "2024-03-12", 2)
                .task(0, List.of(ROWS.get(0))).task(1, List.of(ROWS.get(1)));
        KAFKA.client().produce(Topics.DAILY_DELTAS, day.entries());

        final Path delivered = work.resolve("sftp-root/inbox/da_crm_match_20240312230000.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(delivered));

        assertThat(Files.readString(delivered)).isEqualTo("""
                tealium_visitor_id,crm_record_id,matched_at
                "0123456789abcdef0123456789abcdef0123456789abc","rec-1","2024-03-12T23:00:00Z"
                "0123456789abcdef0123456789abcdef0123456789abc","rec-2","2024-03-12T23:00:00Z"
                "fedcba9876543210fedcba9876543210fedcba9876543","rec-3","2024-03-12T23:00:00Z"
                """);
        assertThat(Files.list(delivered.getParent())).containsExactly(delivered);
        assertThat(manifestSha(settings.outputDir(), "acme", "2024-03-12")).isEqualTo(sha256(Files.readAllBytes(delivered)));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledgerState("acme", "2024-03-12") == DeliveryState.DELIVERED);
    }

    @Test
    void shouldPutPianoFileIntoBucketWhenDayIsComplete() throws Exception {
        final DailyDeltas day = new DailyDeltas("globex", "2024-03-12", 1).task(0, ROWS);
        KAFKA.client().produce(Topics.DAILY_DELTAS, day.entries());

        final String key = "exports/piano/matches/da_piano_matches_20240312.csv";
        final byte[] object = await().atMost(Duration.ofSeconds(60)).until(() -> s3Object(key), bytes -> bytes != null);

        assertThat(new String(object, StandardCharsets.UTF_8)).isEqualTo("""
                piano_cx_id,crm_record_id,matched_at
                0123456789abcdef0123456789abcdef0123456789abc,rec-1,2024-03-13T00:00:00Z
                0123456789abcdef0123456789abcdef0123456789abc,rec-2,2024-03-13T00:00:00Z
                fedcba9876543210fedcba9876543210fedcba9876543,rec-3,2024-03-13T00:00:00Z
                """);
        assertThat(manifestSha(settings.outputDir(), "globex", "2024-03-12")).isEqualTo(sha256(object));
    }

    @Test
    void shouldPublishNothingAndRaiseAlarmWhenRowTotalsDisagree() {
        // Task 1 claims two rows but only one reached the topic.
        final DailyDeltas day = new DailyDeltas("initech", "2024-03-10", 2)
                .task(0, List.of(ROWS.get(0))).task(1, List.of(ROWS.get(1)), 2);
        KAFKA.client().produce(Topics.DAILY_DELTAS, day.entries());

        await().atMost(Duration.ofSeconds(60))
                .until(() -> exporter.metrics().count(ExporterMetrics.INCOMPLETE, "initech") >= 1);

        assertThat(settings.outputDir().resolve("initech").resolve("da_selligent_20240310.csv")).doesNotExist();
        assertThat(KAFKA.client().readAll(Topics.AUDIT)).extracting(ConsumerRecord::value)
                .filteredOn(e -> "initech".equals(e.getClientId()))
                .extracting(AuditEvent::getAction).contains("export-incomplete");
    }

    @Test
    void shouldRedeliverOneDayWhenExportIsRequestedOnDemand() throws Exception {
        final DailyDeltas day = new DailyDeltas("initech", "2024-03-11", 1).task(0, ROWS);
        KAFKA.client().produce(Topics.DAILY_DELTAS, day.entries());
        final Path delivered = settings.outputDir().resolve("initech/da_selligent_20240311.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(delivered));
        final byte[] original = Files.readAllBytes(delivered);
        Files.delete(delivered);

        final ExportResult result = OnDemandExport.run(settings, "initech", LocalDate.of(2024, 3, 11));

        assertThat(result.uploaded()).isTrue();
        assertThat(Files.readAllBytes(delivered)).isEqualTo(original);
    }

    private static S3Client s3() {
        return S3Client.builder()
                .region(Region.EU_CENTRAL_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + s3Proxy.getPort()))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3_KEY_ID, S3_SECRET)))
                .build();
    }

    private static byte[] s3Object(final String key) {
        try (S3Client s3 = s3()) {
            return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build()).asByteArray();
        } catch (final NoSuchKeyException e) {
            return null;
        }
    }

    private static DeliveryState ledgerState(final String client, final String day) {
        return KAFKA.client().readAll(Topics.EXPORT_LEDGER).stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.getClientId().equals(client) && e.getDay().equals(day))
                .reduce((first, second) -> second)
                .map(ExportDelivery::getState)
                .orElse(null);
    }

    static String manifestSha(final Path outputDir, final String client, final String day) throws IOException {
        final String json = Files.readString(DayExport.manifestPath(outputDir, client, day));
        final int start = json.indexOf("\"sha256\":\"") + "\"sha256\":\"".length();
        return json.substring(start, start + 64);
    }

    static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
