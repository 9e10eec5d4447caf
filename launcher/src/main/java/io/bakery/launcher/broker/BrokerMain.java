package io.bakery.launcher.broker;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the dev broker's child JVM: runs Kafka's own broker main, and exits cleanly when the parent
 * process goes away, so that a killed {@code bakery dev} never leaves an orphan broker behind.
 *
 * <p>The parent holds the child's standard input open for its whole life; the operating system closes it when
 * the parent dies, however it dies. End of input therefore means "parent gone": exiting runs Kafka's shutdown
 * hook, which stops the broker cleanly.
 *
 * <p>Ctrl-C in a terminal signals the whole foreground process group, this child included. The broker ignores
 * that SIGINT: the parent stops its components first and then stops the broker with SIGTERM, so no client is left
 * waiting for a broker that went away before it.
 */
public final class BrokerMain {

    private BrokerMain() {}

    @SuppressWarnings("sunapi")
    public static void main(final String[] args) throws Exception {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        final Thread parentWatch = new Thread(BrokerMain::exitWhenParentIsGone, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        kafka.Kafka.main(args);
    }

    private static void exitWhenParentIsGone() {
        final InputStream in = System.in;
        final byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (final IOException e) {
            // A broken pipe means the same as end of input.
        }
        System.exit(0);
    }
}
