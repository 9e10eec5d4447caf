package io.bakery.gateway.badinput;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that writes requests byte for byte, as a misbehaving client would (no client
 * library would send a broken percent-encoding or a lying Content-Length), and reads each answer's status and body.
 * Reconnects when the server closed the connection.
 */
final class RawHttpConnection implements AutoCloseable {

    /**
     * What came back: the status; -1 when the server closed the connection without an answer, -2 when what came
     * back was no status line (the connection is then dropped).
     */
    record Answer(int status, boolean closed) {}

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttpConnection(final int port) {
        this.port = port;
    }

    /**
     * Sends {@code request} (head and body as given) and reads one answer. A kept-alive connection the server has
     * meanwhile closed is opened again and the request sent once more.
     */
    Answer exchange(final byte[] request, final boolean head) throws IOException {
        final boolean reused = socket != null;
        final Answer answer = exchangeOnce(request, head);
        return reused && answer.status() < 0 ? exchangeOnce(request, head) : answer;
    }

    private Answer exchangeOnce(final byte[] request, final boolean head) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
        } catch (final IOException e) {
            // The server answered early and closed while we were still writing: read what it said.
        }
        final Answer answer;
        try {
            answer = read(head);
        } catch (final IOException e) {
            close();
            return new Answer(-1, true);
        }
        if (answer.closed()) {
            close();
        }
        return answer;
    }

    /** Sends the head and part of the promised body, then closes: a client that died mid-request. */
    void truncate(final byte[] partial) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(partial);
            out.flush();
        } catch (final IOException e) {
            // The server had closed this connection already: the client dies all the same.
        } finally {
            close();
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private Answer read(final boolean head) throws IOException {
        final String statusLine = line();
        if (statusLine == null) {
            return new Answer(-1, true);
        }
        final String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
            // Out of step with the server (it read a lying request differently than we framed it): start over.
            System.out.println("bad input: unparseable status line, reconnecting: " + statusLine.substring(0,
                    Math.min(80, statusLine.length())));
            return new Answer(-2, true);
        }
        final int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            final int colon = header.indexOf(':');
            final String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            final String value = header.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = close || value.contains("close");
                default -> { }
            }
        }
        if (head || status == 204 || status == 304 || status / 100 == 1) {
            return new Answer(status, close);
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                 size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                skip(size);
                line();
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                // trailers carry nothing we check
            }
        } else if (length >= 0) {
            skip(length);
        } else {
            in.transferTo(OutputStream.nullOutputStream());
            close = true;
        }
        return new Answer(status, close);
    }

    private void skip(final long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            final long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                left--;
            } else {
                left -= skipped;
            }
        }
    }

    private String line() throws IOException {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            if (b != '\r') {
                buffer.write(b);
            }
            b = in.read();
        }
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (final IOException ignored) {
                // already gone
            }
            socket = null;
        }
    }
}
