package io.bakery.launcher;

import java.util.concurrent.CountDownLatch;

/** Keeps a component running until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes it. */
final class Lifecycle {

    private Lifecycle() {}

    static int runUntilStopped(final AutoCloseable component) throws InterruptedException {
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                component.close();
            } catch (final Exception e) {
                System.err.println("stopping failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "bakery-shutdown"));
        stopped.await();
        return 0;
    }
}
