package io.bakery.gateway.crm.hash;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that hash plaintext rows for every {@link PlaintextCsvReader} of the JVM: one per core, daemons, so a
 * reader needs no closing and a pull or {@code bakery hash} never holds more hashing threads than there are cores.
 * Hashing is pure CPU (libphonenumber, SHA-256); more threads than cores would only add switching.
 */
final class HashingThreads {

    /** How many rows may be hashed at once: one per core. */
    static final int COUNT = Math.max(1, Runtime.getRuntime().availableProcessors());

    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(COUNT, runnable -> {
        final Thread thread = new Thread(runnable, "plaintext-hashing-" + NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private HashingThreads() {}

    /** The shared pool. */
    static ExecutorService pool() {
        return POOL;
    }
}
