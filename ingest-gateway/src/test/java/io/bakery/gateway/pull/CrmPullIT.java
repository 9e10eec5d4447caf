package io.bakery.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.gateway.crm.UploadSettings;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.GenerationMarker;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.config.DestinationConfig;
import io.bakery.schemas.config.Dmp;
import io.bakery.schemas.config.PgpKeyConfig;
import io.bakery.schemas.config.PullConfig;
import io.bakery.schemas.normalize.EmailNormalizer;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import io.bakery.testsupport.scan.FileScan;
import io.bakery.testsupport.scan.PlaintextScanner;
import io.bakery.testsupport.scan.ScanReport;
import io.bakery.testsupport.scan.TopicScan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CRM pull on a real broker, from a real SFTP server (Apache MINA SSHD) with a pinned host key, a real S3
 * server (S3Proxy) and a local folder, all on loopback. Each test uses its own client (its own source), so the
 * tests share one broker and stay independent.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrmPullIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SFTP_USER = "client-upload";
    private static final String SFTP_PASSWORD = "sftp-test-password";
    /** A login that only a key opens: the server takes no password for it. */
    private static final String SFTP_KEY_USER = "client-key-upload";
    private static final String S3_KEY_ID = "test-access-key";
    private static final String S3_SECRET = "test-secret-key";
    private static final String BUCKET = "globex-crm-exports";
    private static final String PASSPHRASE = "pgp-test-passphrase";

    @TempDir
    static Path work;

    private static SshServer sftpServer;
    private static S3Proxy s3Proxy;
    private static PgpTestKeys oldKey;
    private static PgpTestKeys newKey;
    private static BakeryConfig config;
    private static PullService pull;

    @BeforeAll
    static void startServers() throws Exception {
        KAFKA.createTopics(Topics.ALL);
        Files.createDirectories(work.resolve("sftp-root/acme"));
        Files.createDirectories(work.resolve("sftp-root/umbrella"));
        Files.createDirectories(work.resolve("sftp-root/wayne"));
        final KeyPair clientKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        final Path clientKeyFile = work.resolve("wayne-sftp-key");
        try (OutputStream out = Files.newOutputStream(clientKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "wayne pull", null, out);
        }
        sftpServer = SshServer.setUpDefaultServer();
        sftpServer.setHost("127.0.0.1");
        sftpServer.setPort(0);
        sftpServer.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(work.resolve("host-key.ser")));
        sftpServer.setPasswordAuthenticator((user, password, session) ->
                SFTP_USER.equals(user) && SFTP_PASSWORD.equals(password));
        sftpServer.setPublickeyAuthenticator((user, key, session) ->
                SFTP_KEY_USER.equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
        sftpServer.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftpServer.setFileSystemFactory(new VirtualFileSystemFactory(work.resolve("sftp-root")));
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

        oldKey = PgpTestKeys.generate("acme 2024 <crm@acme.example>", PASSPHRASE);
        newKey = PgpTestKeys.generate("acme 2025 <crm@acme.example>", PASSPHRASE);
        final List<PgpKeyConfig> keys = List.of(
                new PgpKeyConfig(oldKey.writeSecretKey(work.resolve("acme-2024.asc")).toString(), PASSPHRASE),
                new PgpKeyConfig(newKey.writeSecretKey(work.resolve("acme-2025.asc")).toString(), PASSPHRASE));

        config = new BakeryConfig(null, null, List.of(
                // SFTP, plaintext, mode from the file name, PGP keys, moved after success.
                client("acme", new PullConfig(sftp(hostKey, "acme"), null, "*.csv*", PullConfig.Content.PLAINTEXT,
                        Map.of("email", "E-mail adres"), PullConfig.MODE_BY_FILE_NAME, keys,
                        PullConfig.AfterSuccess.MOVE)),
                // S3, hashed, add, deleted after success.
                client("globex", new PullConfig(new DestinationConfig(DestinationConfig.Type.S3, null, null, null,
                        null, null, null, null, null, "http://127.0.0.1:" + s3Proxy.getPort(), BUCKET, "crm/",
                        "eu-central-1", S3_KEY_ID, S3_SECRET), null, null, null, null, "add", null,
                        PullConfig.AfterSuccess.DELETE)),
                // Folders, plaintext, add, kept.
                client("initech", new PullConfig(DestinationConfig.folder(work.resolve("initech").toString()), null,
                        null, PullConfig.Content.PLAINTEXT, null, "add", null, null)),
                client("hooli", new PullConfig(DestinationConfig.folder(work.resolve("hooli").toString()), null,
                        null, PullConfig.Content.PLAINTEXT, null, "add", null, null)),
                client("stark", new PullConfig(DestinationConfig.folder(work.resolve("stark").toString()), null,
                        null, PullConfig.Content.PLAINTEXT, null, "add", null, null)),
                client("cyberdyne", new PullConfig(DestinationConfig.folder(work.resolve("cyberdyne").toString()),
                        null, null, PullConfig.Content.PLAINTEXT, null, "add", null, null)),
                // SFTP, plaintext, add, kept: the scan for plaintext.
                client("umbrella", new PullConfig(sftp(hostKey, "umbrella"), null, null,
                        PullConfig.Content.PLAINTEXT, null, "add", null, null)),
                // SFTP with a key instead of a password, plaintext, add, kept.
                client("wayne", new PullConfig(new DestinationConfig(DestinationConfig.Type.SFTP, null, "127.0.0.1",
                        sftpServer.getPort(), SFTP_KEY_USER, null, clientKeyFile.toString(), "wayne", hostKey, null,
                        null, null, null, null, null), null, null, PullConfig.Content.PLAINTEXT, null, "add", null,
                        null)),
                // S3, hashed, add, moved to processed/ after success.
                client("soylent", new PullConfig(new DestinationConfig(DestinationConfig.Type.S3, null, null, null,
                        null, null, null, null, null, "http://127.0.0.1:" + s3Proxy.getPort(), BUCKET, "soylent/",
                        "eu-central-1", S3_KEY_ID, S3_SECRET), null, null, null, null, "add", null,
                        PullConfig.AfterSuccess.MOVE))), null);
        pull = startPull();
    }

    private static PullService startPull() {
        final PullService service = PullService.create(config, KAFKA.bootstrapServers(), work.resolve("gateway"),
                UploadSettings.defaults().withTransactionTimeout(Duration.ofSeconds(30)), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(60)).until(service::ready);
        return service;
    }

    private static ClientConfig client(final String id, final PullConfig pullConfig) {
        return new ClientConfig(id, Dmp.TEALIUM, List.of(id + "-tealium"), "UTC", "NL", null, null, null, null,
                pullConfig);
    }

    private static DestinationConfig sftp(final String hostKey, final String dir) {
        return new DestinationConfig(DestinationConfig.Type.SFTP, null, "127.0.0.1", sftpServer.getPort(), SFTP_USER,
                SFTP_PASSWORD, null, dir, hostKey, null, null, null, null, null, null);
    }

    private static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + s3Proxy.getPort()))
                .forcePathStyle(true)
                .region(Region.EU_CENTRAL_1)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3_KEY_ID, S3_SECRET)))
                .build();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (pull != null) {
            pull.close();
        }
        if (s3Proxy != null) {
            s3Proxy.stop();
        }
        if (sftpServer != null) {
            sftpServer.stop(true);
        }
    }

    @Test
    void shouldHashPlaintextGzipFileFromSftpOnReadAndMoveItWhenPolled() throws Exception {
        final Path inbox = work.resolve("sftp-root/acme");
        Files.write(inbox.resolve("add_2024-03-12.csv.gz"), gzip(plaintext("acme-a", 3, "E-mail adres")));

        assertThat(job("acme").poll()).containsEntry("add_2024-03-12.csv.gz", PullJob.FileOutcome.COMMITTED);

        final Map<String, CrmRecord> records = records("acme");
        assertThat(records).containsKeys("acme-a-1", "acme-a-2", "acme-a-3");
        assertThat(hash(records.get("acme-a-2"), IdentifierType.EMAIL_SHA256))
                .isEqualTo(EmailNormalizer.normalize(email("acme-a", 2)).sha256());
        assertThat(records.get("acme-a-2").getIdentifiers()).extracting(HashedIdentifier::getType)
                .contains(IdentifierType.PHONE_SHA256, IdentifierType.ADDRESS_SHA256);
        assertThat(inbox.resolve("processed/add_2024-03-12.csv.gz")).exists();
        assertThat(inbox.resolve("add_2024-03-12.csv.gz")).doesNotExist();
        final JsonNode report = report(inbox.resolve("add_2024-03-12.csv.gz.report.json"));
        assertThat(report.get("status").asText()).isEqualTo("complete");
        assertThat(report.get("accepted").asLong()).isEqualTo(3);
        assertThat(report.get("file").get("sha256").asText()).hasSize(64);
    }

    @Test
    void shouldDecryptPgpFileWithEitherKeyWhenClientRotatesKeys() throws Exception {
        final Path inbox = work.resolve("sftp-root/acme");
        Files.write(inbox.resolve("add_old-key.csv.pgp"), oldKey.encrypt(plaintext("acme-p", 2, "E-mail adres")));
        Files.write(inbox.resolve("add_new-key.csv.gz.gpg"),
                newKey.encrypt(gzip(plaintext("acme-q", 2, "E-mail adres"))));

        assertThat(job("acme").poll())
                .containsEntry("add_old-key.csv.pgp", PullJob.FileOutcome.COMMITTED)
                .containsEntry("add_new-key.csv.gz.gpg", PullJob.FileOutcome.COMMITTED);

        assertThat(records("acme")).containsKeys("acme-p-1", "acme-p-2", "acme-q-1", "acme-q-2");
    }

    @Test
    void shouldWriteOneGenerationWithCompleteMarkersWhenFileNameSaysReplaceAll() throws Exception {
        final Path inbox = work.resolve("sftp-root/acme");
        final ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("export.csv"));
            out.write(plaintext("acme-r", 4, "E-mail adres"));
        }
        Files.write(inbox.resolve("replace-all_2024-03-13.csv.zip"), zip.toByteArray());

        assertThat(job("acme").poll()).containsEntry("replace-all_2024-03-13.csv.zip", PullJob.FileOutcome.COMMITTED);

        final List<CrmRecord> values = KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream()
                .map(ConsumerRecord::value).filter(v -> v != null && "acme".equals(v.getClientId()))
                .filter(v -> v.getGeneration() != null).toList();
        final String generation = values.stream().filter(v -> v.getRecordId().startsWith("acme-r-"))
                .map(v -> v.getGeneration().getId()).findFirst().orElseThrow();
        assertThat(values).filteredOn(v -> v.getGeneration().getId().equals(generation))
                .filteredOn(v -> v.getGeneration().getMarker() == GenerationMarker.COMPLETE)
                .hasSize(Topics.CRM_RECORDS.partitions())
                .allSatisfy(v -> assertThat(v.getGeneration().getRecordCount()).isEqualTo(4L));
    }

    @Test
    void shouldProduceHashedFileFromS3AndDeleteItWhenPolled() throws Exception {
        final String csv = "record_id,email_sha256\n"
                + "globex-1," + "a".repeat(64) + "\n"
                + "globex-2," + "B".repeat(64) + "\n";
        try (S3Client s3 = s3()) {
            s3.putObject(b -> b.bucket(BUCKET).key("crm/hashed.csv"), RequestBody.fromString(csv));

            assertThat(job("globex").poll()).containsEntry("hashed.csv", PullJob.FileOutcome.COMMITTED);

            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("crm/")).contents())
                    .extracting(o -> o.key()).containsExactly("crm/hashed.csv.report.json");
            final JsonNode report = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET)
                    .key("crm/hashed.csv.report.json")).asByteArray());
            assertThat(report.get("accepted").asLong()).isEqualTo(2);
        }
        final Map<String, CrmRecord> records = records("globex");
        assertThat(hash(records.get("globex-2"), IdentifierType.EMAIL_SHA256)).isEqualTo("b".repeat(64));
    }

    @Test
    void shouldReportBadRowsAndProduceNothingFromThemWhenFileIsMalformed() throws Exception {
        final Path folder = Files.createDirectories(work.resolve("initech"));
        Files.writeString(folder.resolve("crm.csv"), """
                customer_id,email,phone
                initech-1,one@initech.example,0612345678
                initech-2,not-an-email,0612345679
                initech-3,three@initech.example
                initech-4,four@initech.example,0612345670
                """);
        Files.writeString(folder.resolve("no-id.csv"), "email\nsomeone@initech.example\n");

        assertThat(job("initech").poll())
                .containsEntry("crm.csv", PullJob.FileOutcome.COMMITTED)
                .containsEntry("no-id.csv", PullJob.FileOutcome.REJECTED);

        assertThat(records("initech")).containsOnlyKeys("initech-1", "initech-4");
        final JsonNode report = report(folder.resolve("crm.csv.report.json"));
        assertThat(report.get("rejected").asLong()).isEqualTo(2);
        assertThat(report.get("rejectedByReason").get("WRONG_COLUMN_COUNT").get("rows").get(0).asLong()).isEqualTo(4);
        assertThat(report.get("rejectedByReason").fieldNames()).toIterable().hasSize(2);
        final JsonNode rejected = report(folder.resolve("no-id.csv.report.json"));
        assertThat(rejected.get("status").asText()).isEqualTo("rejected");
        assertThat(rejected.get("error").asText()).contains("no record id column");
        assertThat(job("initech").poll()).containsEntry("crm.csv", PullJob.FileOutcome.ALREADY_DONE)
                .containsEntry("no-id.csv", PullJob.FileOutcome.SKIPPED);
    }

    @Test
    void shouldProduceEveryRowExactlyOnceWhenPullCrashesMidFileAndRunsAgain() throws Exception {
        final Path folder = Files.createDirectories(work.resolve("hooli"));
        Files.write(folder.resolve("big.csv"), plaintext("hooli", 1000, "email"));
        job("hooli").observeRows((row, transaction) -> {
            if (row == 601) {
                transaction.flush();
                throw new IllegalStateException("simulated crash at row 600");
            }
        });

        assertThat(job("hooli").poll()).containsEntry("big.csv", PullJob.FileOutcome.RETRY_LATER);
        // The crashed transaction is still open: read up to it without waiting for it to settle.
        assertThat(KAFKA.client().readAll(Topics.CRM_RECORDS).stream()
                .filter(r -> "hooli".equals(r.key().getClientId()))).isEmpty();
        assertThat(new TopicScan(new PlaintextScanner(List.of("hooli-599")))
                .scan(KAFKA.bootstrapServers(), Set.of(Topics.CRM_RECORDS.name())).findingCount())
                .as("the aborted rows are in the topic").isPositive();
        assertThat(folder.resolve("big.csv.report.json")).doesNotExist();

        // The gateway restarts: a new producer with the same transactional id, a ledger rebuilt from the audit.
        pull.close();
        pull = startPull();
        assertThat(job("hooli").poll()).containsEntry("big.csv", PullJob.FileOutcome.COMMITTED);

        final List<String> ids = KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream()
                .map(ConsumerRecord::key).filter(k -> "hooli".equals(k.getClientId()))
                .map(ClientRecordKey::getRecordId).toList();
        assertThat(ids).hasSize(1000).doesNotHaveDuplicates();
        assertThat(job("hooli").poll()).containsEntry("big.csv", PullJob.FileOutcome.ALREADY_DONE);
    }

    @Test
    void shouldCommitNothingTwiceWhenTheSameBytesArriveUnderAnotherName() throws Exception {
        final Path folder = Files.createDirectories(work.resolve("stark"));
        Files.write(folder.resolve("crm.csv"), plaintext("stark", 5, "email"));
        assertThat(job("stark").poll()).containsEntry("crm.csv", PullJob.FileOutcome.COMMITTED);

        // The client drops the same export again under a new name: read to its end, found committed, aborted.
        Files.copy(folder.resolve("crm.csv"), folder.resolve("crm-again.csv"));
        assertThat(job("stark").poll()).containsEntry("crm-again.csv", PullJob.FileOutcome.ALREADY_DONE);

        final List<String> ids = KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream()
                .map(ConsumerRecord::key).filter(k -> "stark".equals(k.getClientId()))
                .map(ClientRecordKey::getRecordId).toList();
        assertThat(ids).hasSize(5).doesNotHaveDuplicates();
        final JsonNode first = report(folder.resolve("crm.csv.report.json"));
        final JsonNode again = report(folder.resolve("crm-again.csv.report.json"));
        assertThat(again.get("uploadId").asText()).isEqualTo(first.get("uploadId").asText());
        assertThat(again.get("file").get("sha256")).isEqualTo(first.get("file").get("sha256"));
    }

    @Test
    void shouldCommitNothingWhileTheFileGrowsAndAllOfItOnceItIsWritten() throws Exception {
        final Path folder = Files.createDirectories(work.resolve("cyberdyne"));
        final Path file = folder.resolve("crm.csv");
        // ~600 KB: longer than the chunks read ahead of the rows, so the bytes appended at row 2 are read.
        Files.write(file, plaintext("cyberdyne", 8_000, "email"));
        final byte[] lastRow = "cyberdyne-8001,last@cyberdyne.example,0612345678,1000AB,1\n"
                .getBytes(StandardCharsets.UTF_8);
        job("cyberdyne").observeRows((row, transaction) -> {
            if (row == 2) {
                try {
                    Files.write(file, lastRow, StandardOpenOption.APPEND);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        assertThat(job("cyberdyne").poll()).containsEntry("crm.csv", PullJob.FileOutcome.RETRY_LATER);
        assertThat(records("cyberdyne")).isEmpty();
        assertThat(folder.resolve("crm.csv.report.json")).doesNotExist();

        job("cyberdyne").observeRows(PullJob.RowObserver.NONE);
        assertThat(job("cyberdyne").poll()).containsEntry("crm.csv", PullJob.FileOutcome.COMMITTED);
        final JsonNode report = report(folder.resolve("crm.csv.report.json"));
        assertThat(report.get("accepted").asLong()).as(report.toString()).isEqualTo(8_001);
        final Map<String, CrmRecord> stored = records("cyberdyne");
        assertThat(stored.size()).isEqualTo(8_001);
        assertThat(stored.containsKey("cyberdyne-8001")).isTrue();
    }

    @Test
    void shouldLeaveNoPlaintextInAnyTopicOrWrittenFileWhenPlaintextWasPulled() throws Exception {
        final Path inbox = work.resolve("sftp-root/umbrella");
        final byte[] input = plaintext("umbrella", 50, "email");
        Files.write(inbox.resolve("crm.csv"), input);

        assertThat(job("umbrella").poll()).containsEntry("crm.csv", PullJob.FileOutcome.COMMITTED);

        final List<String> secrets = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            secrets.add(email("umbrella", i));
            secrets.add(email("umbrella", i).toLowerCase());
            secrets.add(phone(i));
            secrets.add("3161" + String.format("%07d", i));
        }
        final PlaintextScanner scanner = new PlaintextScanner(secrets);
        final ScanReport topics = new TopicScan(scanner).scanAll(KAFKA.bootstrapServers());
        final ScanReport files = new FileScan(scanner).scan("files", work, f -> f.equals(inbox.resolve("crm.csv")));
        assertThat(topics.items()).isPositive();
        assertThat(files.items()).isPositive();
        assertThat(topics.findings()).isEmpty();
        assertThat(files.findings()).isEmpty();
        assertThat(report(inbox.resolve("crm.csv.report.json")).get("accepted").asLong()).isEqualTo(50);
    }

    @Test
    void shouldLogInWithTheKeyWhenSftpSourceHasAKeyAndNoPassword() throws Exception {
        Files.write(work.resolve("sftp-root/wayne/crm.csv"), plaintext("wayne", 2, "email"));

        assertThat(job("wayne").poll()).containsEntry("crm.csv", PullJob.FileOutcome.COMMITTED);

        assertThat(records("wayne")).containsOnlyKeys("wayne-1", "wayne-2");
    }

    @Test
    void shouldMoveTheObjectUnderProcessedAndNotPullItAgainWhenS3SourceMovesAfterSuccess() throws Exception {
        try (S3Client s3 = s3()) {
            s3.putObject(b -> b.bucket(BUCKET).key("soylent/crm.csv"),
                    RequestBody.fromString("record_id,email_sha256\nsoylent-1," + "c".repeat(64) + "\n"));

            assertThat(job("soylent").poll()).containsEntry("crm.csv", PullJob.FileOutcome.COMMITTED);

            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("soylent/")).contents())
                    .extracting(o -> o.key())
                    .containsExactlyInAnyOrder("soylent/processed/crm.csv", "soylent/crm.csv.report.json");
        }
        assertThat(records("soylent")).containsOnlyKeys("soylent-1");
        assertThat(job("soylent").poll()).isEmpty();
    }

    @Test
    void shouldRetractTheRecordsOfAPlaintextRemoveFileWhenFileNameSaysRemove() throws Exception {
        final Path inbox = work.resolve("sftp-root/acme");
        Files.write(inbox.resolve("add_before-removal.csv"), plaintext("acme-x", 3, "E-mail adres"));
        assertThat(job("acme").poll()).containsEntry("add_before-removal.csv", PullJob.FileOutcome.COMMITTED);
        // The client's export of the records to forget: the same plaintext columns, two of the three rows.
        final String[] lines = new String(plaintext("acme-x", 3, "E-mail adres"), StandardCharsets.UTF_8).split("\n");
        Files.writeString(inbox.resolve("remove_forgotten.csv"), lines[0] + "\n" + lines[1] + "\n" + lines[3] + "\n");

        assertThat(job("acme").poll()).containsEntry("remove_forgotten.csv", PullJob.FileOutcome.COMMITTED);

        final Map<String, CrmRecord> latest = latestValues("acme");
        assertThat(latest).containsKeys("acme-x-1", "acme-x-2", "acme-x-3");
        assertThat(latest.get("acme-x-1")).as("retracted").isNull();
        assertThat(latest.get("acme-x-3")).as("retracted").isNull();
        assertThat(latest.get("acme-x-2")).isNotNull();
        assertThat(report(inbox.resolve("remove_forgotten.csv.report.json")).get("accepted").asLong()).isEqualTo(2);
    }

    /** The client's latest value per record id (null for a tombstone), read_committed; markers left out. */
    private static Map<String, CrmRecord> latestValues(final String clientId) {
        final Map<String, CrmRecord> latest = new HashMap<>();
        KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream()
                .filter(r -> clientId.equals(r.key().getClientId()) && !r.key().getRecordId().isEmpty())
                .forEach(r -> latest.put(r.key().getRecordId(), r.value()));
        return latest;
    }

    private static PullJob job(final String clientId) {
        return pull.job(clientId).orElseThrow();
    }

    private static byte[] plaintext(final String prefix, final int rows, final String emailHeader) {
        final StringBuilder csv = new StringBuilder("customer_id," + emailHeader + ",phone,postcode,house_number\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(prefix).append('-').append(i).append(',').append(email(prefix, i)).append(',')
                    .append(phone(i)).append(',').append(1000 + i).append("AB,").append(i).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String email(final String prefix, final int i) {
        return "Person." + prefix + "." + i + "@Example.com";
    }

    private static String phone(final int i) {
        return "06-1" + String.format("%07d", i);
    }

    private static byte[] gzip(final byte[] bytes) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static JsonNode report(final Path file) throws IOException {
        return JSON.readTree(Files.readAllBytes(file));
    }

    /** The client's live records (read_committed), by record id; markers left out. */
    private static Map<String, CrmRecord> records(final String clientId) {
        return KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream()
                .filter(r -> clientId.equals(r.key().getClientId()) && !r.key().getRecordId().isEmpty())
                .filter(r -> r.value() != null)
                .collect(Collectors.toMap(r -> r.key().getRecordId(), ConsumerRecord::value, (a, b) -> b));
    }

    private static String hash(final CrmRecord record, final IdentifierType type) {
        return record.getIdentifiers().stream().filter(i -> i.getType() == type).map(HashedIdentifier::getHash)
                .findFirst().orElseThrow();
    }
}
