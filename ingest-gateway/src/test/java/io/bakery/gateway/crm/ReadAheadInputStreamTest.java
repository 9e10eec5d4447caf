package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReadAheadInputStreamTest {

    @Test
    void shouldHandOutEveryByteInOrderWhenReadInPiecesOfAnySize() throws IOException {
        final byte[] source = new byte[5 * ReadAheadInputStream.CHUNK_BYTES + 12_345];
        final Random random = new Random(20261204L);
        random.nextBytes(source);

        final ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (ReadAheadInputStream in = new ReadAheadInputStream(new ByteArrayInputStream(source))) {
            final byte[] buffer = new byte[100_000];
            while (true) {
                final int single = in.read();
                if (single < 0) {
                    break;
                }
                read.write(single);
                final int n = in.read(buffer, 0, 1 + random.nextInt(buffer.length - 1));
                if (n < 0) {
                    break;
                }
                read.write(buffer, 0, n);
            }
            assertThat(in.read()).as("the end stays the end").isEqualTo(-1);
        }

        assertThat(read.toByteArray()).isEqualTo(source);
    }

    @Test
    void shouldThrowTheSourcesOwnExceptionWhenTheCallerReachesWhereItFailed() throws IOException {
        final ZipException broken = new ZipException("invalid stored block lengths");
        final InputStream source = new FailingAfter(100_000, broken);

        try (ReadAheadInputStream in = new ReadAheadInputStream(source)) {
            assertThat(in.readNBytes(100_000)).hasSize(100_000);
            assertThatThrownBy(in::read).isSameAs(broken);
        }
    }

    @Test
    void shouldStopReadingTheSourceWhenClosedEarly() throws Exception {
        final AtomicLong served = new AtomicLong();
        final InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(final byte[] b, final int off, final int len) {
                Arrays.fill(b, off, off + len, (byte) 'x');
                served.addAndGet(len);
                return len;
            }
        };
        final ReadAheadInputStream in = new ReadAheadInputStream(endless);
        assertThat(in.read()).isEqualTo('x');

        in.close();
        Thread.sleep(1_000);
        final long afterClose = served.get();
        Thread.sleep(500);

        assertThat(served.get()).as("nothing more is read once closed").isEqualTo(afterClose);
        assertThat(afterClose).as("at most the chunks ahead and the one in hand")
                .isLessThanOrEqualTo((ReadAheadInputStream.CHUNKS_AHEAD + 2L) * ReadAheadInputStream.CHUNK_BYTES);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    /** Serves zeros, then fails with the given exception. */
    private static final class FailingAfter extends InputStream {
        private final IOException failure;
        private long left;

        FailingAfter(final long bytes, final IOException failure) {
            this.left = bytes;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            if (left == 0) {
                throw failure;
            }
            final int n = (int) Math.min(len, left);
            left -= n;
            return n;
        }
    }
}
