import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Bench load generator: sync pixel hits at a constant rate (an open model, as wrk2 does; the installed wrk can
 * only pace each connection after its answer). Request i is due at start + i / rate; a connection takes the next
 * due request, waits for its time and sends it, and its latency counts from the time it was due, so a gateway that
 * stalls is charged for the queue it causes (no coordinated omission). Every hit is a Tealium sync with a unique
 * 45-hex cookie id and the Bakery id cookie from BAKERY_COOKIE, over keep-alive HTTP/1.1 connections.
 *
 * <p>Prints one line per interval (by due time): {@code interval N: sent S, 2xx A, non-2xx B, errors E, rate R/s,
 * p50 X ms, p99 Y ms, max Z ms}, then {@code total: sent S, 2xx A, non-2xx B, errors E}. Run with:
 * {@code java bench/PixelLoad.java PORT RATE DURATION_S INTERVAL_S CONNECTIONS}.
 */
public final class PixelLoad {

    private static final String PATH = "/bakery/sync/dmpsyncendpoint?partner=acme-tealium&site=soak.example"
            + "&read=false&cookieid=";

    private final int port;
    private final long periodNanos;
    private final long total;
    private final long intervalNanos;
    private final String cookie;
    private final AtomicLong next = new AtomicLong();
    private final Interval[] intervals;
    private long start;

    /** One interval's answers, by the due time of their requests. */
    private static final class Interval {
        final long[] latencies;
        final AtomicInteger answered = new AtomicInteger();
        final AtomicLongArray counts = new AtomicLongArray(3); // 2xx, non-2xx, errors
        final int due;

        Interval(final int due) {
            this.due = due;
            this.latencies = new long[due];
        }

        boolean complete() {
            return counts.get(0) + counts.get(1) + counts.get(2) == due;
        }
    }

    private PixelLoad(final int port, final double rate, final long seconds, final long intervalSeconds,
            final String cookie) {
        this.port = port;
        this.periodNanos = Math.round(1e9 / rate);
        this.total = Math.round(rate * seconds);
        this.intervalNanos = intervalSeconds * 1_000_000_000L;
        this.cookie = cookie;
        final int count = (int) ((seconds + intervalSeconds - 1) / intervalSeconds);
        this.intervals = new Interval[count];
        for (int k = 0; k < count; k++) {
            final long first = ceilDiv(k * intervalNanos, periodNanos);
            final long last = Math.min(total, ceilDiv((k + 1) * intervalNanos, periodNanos));
            intervals[k] = new Interval((int) Math.max(0, last - first));
        }
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: java bench/PixelLoad.java PORT RATE DURATION_S INTERVAL_S CONNECTIONS");
            System.exit(2);
        }
        final String cookie = System.getenv().getOrDefault("BAKERY_COOKIE", "");
        final PixelLoad load = new PixelLoad(Integer.parseInt(args[0]), Double.parseDouble(args[1]),
                Long.parseLong(args[2]), Long.parseLong(args[3]), cookie);
        load.run(Integer.parseInt(args[4]));
    }

    private void run(final int connections) throws InterruptedException {
        start = System.nanoTime() + 100_000_000L;
        final Thread[] workers = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            workers[c] = new Thread(this::work, "conn-" + c);
            workers[c].start();
        }
        final long[] totals = new long[3];
        for (int k = 0; k < intervals.length; k++) {
            final Interval interval = intervals[k];
            final long closes = start + (k + 1) * intervalNanos;
            // Wait for the interval's last due request to be answered (or to fail), at most 60 s after it closed.
            while (!interval.complete() && System.nanoTime() < closes + 60_000_000_000L) {
                Thread.sleep(100);
            }
            print(k + 1, interval);
            for (int i = 0; i < 3; i++) {
                totals[i] += interval.counts.get(i);
            }
        }
        for (final Thread worker : workers) {
            worker.join();
        }
        System.out.printf(Locale.ROOT, "total: sent %d, 2xx %d, non-2xx %d, errors %d%n",
                totals[0] + totals[1] + totals[2], totals[0], totals[1], totals[2]);
    }

    private void print(final int number, final Interval interval) {
        final int answered = Math.min(interval.answered.get(), interval.latencies.length);
        final long[] sorted = Arrays.copyOf(interval.latencies, answered);
        Arrays.sort(sorted);
        final long sent = interval.counts.get(0) + interval.counts.get(1) + interval.counts.get(2);
        System.out.printf(Locale.ROOT,
                "interval %d: sent %d, 2xx %d, non-2xx %d, errors %d, rate %.1f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                number, sent, interval.counts.get(0), interval.counts.get(1), interval.counts.get(2),
                sent / (intervalNanos / 1e9), millis(sorted, 0.50), millis(sorted, 0.99),
                sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1e6);
        System.out.flush();
    }

    private static double millis(final long[] sorted, final double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private void work() {
        Connection connection = null;
        for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            final long due = start + i * periodNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            final Interval interval = intervals[(int) ((due - start) / intervalNanos)];
            try {
                if (connection == null) {
                    connection = new Connection(port);
                }
                final int status = connection.get(PATH + String.format(Locale.ROOT, "0162974812345abcdef%026x", i),
                        cookie);
                final long latency = System.nanoTime() - due;
                interval.latencies[Math.min(interval.answered.getAndIncrement(), interval.latencies.length - 1)] = latency;
                interval.counts.incrementAndGet(status / 100 == 2 ? 0 : 1);
                if (!connection.open) {
                    connection.close();
                    connection = null;
                }
            } catch (final IOException e) {
                interval.counts.incrementAndGet(2);
                if (connection != null) {
                    connection.close();
                }
                connection = null;
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    private static long ceilDiv(final long a, final long b) {
        return (a + b - 1) / b;
    }

    /** One keep-alive HTTP/1.1 connection: sends a GET and reads the whole answer (Content-Length or chunked). */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String host;
        /** False once the gateway said it closes the connection after its answer. */
        boolean open = true;

        Connection(final int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
            host = "127.0.0.1:" + port;
        }

        int get(final String path, final String cookie) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Mozilla/5.0 (soak)\r\n"
                    + (cookie.isEmpty() ? "" : "Cookie: " + cookie + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String statusLine = line();
            final int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = 0;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                final String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else {
                skip(length);
            }
            open = !close;
            return status;
        }

        private void skip(final long bytes) throws IOException {
            for (long left = bytes; left > 0; left--) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-answer");
                }
            }
        }

        private String line() throws IOException {
            final StringBuilder text = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            return text.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (final IOException ignored) {
                // closing anyway
            }
        }
    }
}
