package io.bakery.launcher.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Bakery component in a child JVM on the test's own class path, so that a test can kill it the way a machine
 * dies: SIGKILL ({@code destroyForcibly}) to it and every process it started, so no shutdown hook, commit,
 * leave-group or flush runs. Its output goes to a log file the test can read.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJvm(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with {@code args}, extra environment variables, and output appended to {@code log}. */
    static ChildJvm start(final Path log, final Map<String, String> environment, final Class<?> mainClass,
            final String... args) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES"),
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start(), log);
    }

    /** Whether the child's output so far holds {@code text}. */
    boolean printed(final String text) throws IOException {
        return Files.readString(log).contains(text);
    }

    /** Whether the child still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL to the child's own children first (they would otherwise notice and stop cleanly), then to it. */
    void kill() throws InterruptedException {
        final List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        for (final ProcessHandle child : children) {
            child.onExit().join();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
