package io.bakery.launcher.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker in a child JVM started from our own class path, for {@code bakery dev}.
 *
 * <p>Its storage is formatted on first start and reused after, so a second {@code bakery dev} resumes the same
 * data. The child runs {@link BrokerMain}: it stops by itself if this process dies. Kafka's internal entry
 * points ({@code kafka.Kafka}, {@code kafka.tools.StorageTool}) appear only here and in {@link BrokerMain}.
 */
public final class DevBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /*
     * The broker reads each produce request into one heap buffer the size of the request, up to the producers'
     * max.request.size (1 MiB). With a 512 MiB heap G1 picks 1 MiB regions, and anything of half a region or more
     * is a humongous object: every produce request of an upload then forced a young pause plus a concurrent mark
     * (139 in a 5M-row upload, a quarter of the broker's CPU). 4 MiB regions put the humongous threshold at 2 MiB,
     * above any request; Kafka's operations guide sizes regions the same way (16M, for its 6 GiB heaps).
     */
    private static final String BROKER_HEAP_MIN = "-Xms1g";
    private static final String BROKER_HEAP_MAX = "-Xmx1g";
    private static final String BROKER_G1_REGION = "-XX:G1HeapRegionSize=4m";

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    /**
     * @param dir the broker's folder: its properties, log and data all live below it
     * @param port the client port on 127.0.0.1; the controller listens on {@code port + 1}
     */
    public DevBroker(final Path dir, final int port) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = port + 1;
    }

    /** The address clients connect to. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats storage if needed, starts the child JVM and waits until the broker answers. */
    public void start() throws IOException, InterruptedException {
        requirePortFree(port);
        requirePortFree(controllerPort);
        Files.createDirectories(logDir());
        final Path properties = writeProperties();
        if (!Files.exists(logDir().resolve("meta.properties"))) {
            format(properties);
        }
        final List<String> command = java(BROKER_HEAP_MIN, BROKER_HEAP_MAX, BROKER_G1_REGION,
                BrokerMain.class.getName(), properties.toString());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                .start();
        LOG.info("dev broker starting on {} (data in {})", bootstrapServers(), dir);
        awaitReady();
        LOG.info("dev broker ready");
    }

    /** The child process, while it runs. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        // SIGTERM: Kafka's shutdown hook flushes and closes the logs cleanly.
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("dev broker did not stop in {}; killing it", STOP_TIMEOUT);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("dev broker stopped");
    }

    private Path logDir() {
        return dir.resolve("data");
    }

    private Path writeProperties() throws IOException {
        final String quorum = "127.0.0.1:" + controllerPort;
        final List<String> lines = List.of(
                "# Written by bakery dev on every start; edit the launcher, not this file.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + quorum,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://" + quorum,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir(),
                "num.partitions=6",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0");
        final Path file = dir.resolve("server.properties");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private void format(final Path properties) throws IOException, InterruptedException {
        final String clusterId = Uuid.randomUuid().toString();
        final Process formatter = new ProcessBuilder(java(
                "-Xmx256m", "kafka.tools.StorageTool", "format", "--standalone",
                "-t", clusterId, "-c", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile()))
                .start();
        if (formatter.waitFor() != 0) {
            throw new IOException("formatting the dev broker's storage failed; see " + dir.resolve("format.log"));
        }
        LOG.info("dev broker storage formatted (cluster {})", clusterId);
    }

    private void awaitReady() throws IOException, InterruptedException {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the dev broker exited with code " + process.exitValue()
                            + "; see " + dir.resolve("broker.log"));
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (final Exception notYet) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
        }
        close();
        throw new IOException("the dev broker did not become ready within " + READY_TIMEOUT
                + "; see " + dir.resolve("broker.log"));
    }

    private static List<String> java(final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(List.of(args));
        return command;
    }

    private static void requirePortFree(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (final IOException e) {
            throw new UncheckedIOException(new IOException("port " + port + " on 127.0.0.1 is in use: is another "
                    + "bakery dev running? Choose other ports with --broker-port.", e));
        }
    }
}
