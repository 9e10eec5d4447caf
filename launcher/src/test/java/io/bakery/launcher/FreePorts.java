package io.bakery.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1 for servers a test starts with a fixed port (the dev stack's broker and gateway). */
public final class FreePorts {

    private FreePorts() {}

    /** A free port. */
    public static int one() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** A free port whose successor is free too (the dev broker's controller listens there). */
    public static int pair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket()) {
                first.bind(new InetSocketAddress("127.0.0.1", 0));
                final int port = first.getLocalPort();
                try (ServerSocket second = new ServerSocket()) {
                    second.bind(new InetSocketAddress("127.0.0.1", port + 1));
                    return port;
                } catch (final IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("no free pair of ports on 127.0.0.1");
    }
}
