package io.bakery.gateway.pull;

import io.bakery.gateway.crm.UnusableUploadException;
import io.bakery.schemas.normalize.Sha256;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A pulled file's content as one stream, unwrapped on the fly: OpenPGP-decrypted when its name ends in
 * {@code .pgp}, {@code .gpg} or {@code .asc}; then gunzipped or unzipped when its first bytes say gzip or zip.
 * A zip must hold exactly one file (a second entry is refused, so a replace-all is never split across entries
 * that could be partly missing). Nothing is written to disk. The file is read once: its stored bytes are counted
 * and checksummed as they pass ({@link StoredBytes}), so the checksum that names a pulled file is that of exactly
 * the bytes that were produced.
 */
public final class FileContent {

    private static final int BUFFER = 1 << 16;

    private final PgpDecryptor.Decryption decryption;
    private final ZipInputStream zip;
    private final InputStream decoded;

    private FileContent(final PgpDecryptor.Decryption decryption, final ZipInputStream zip,
                        final InputStream decoded) {
        this.decryption = decryption;
        this.zip = zip;
        this.decoded = decoded;
    }

    /** Whether a file name says OpenPGP. */
    public static boolean encrypted(final String name) {
        final String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".pgp") || lower.endsWith(".gpg") || lower.endsWith(".asc");
    }

    /**
     * Unwraps a file's stored bytes, whose name says whether they are encrypted.
     */
    public static FileContent open(final StoredBytes stored, final PgpDecryptor pgp) throws IOException {
        InputStream in = stored;
        PgpDecryptor.Decryption decryption = null;
        if (encrypted(stored.name)) {
            decryption = pgp.open(stored);
            in = decryption.data();
        }
        final BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(4);
        final int b0 = buffered.read();
        final int b1 = buffered.read();
        final int b2 = buffered.read();
        final int b3 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new FileContent(decryption, null, new GZIPInputStream(buffered, BUFFER));
        }
        if (b0 == 'P' && b1 == 'K' && b2 == 3 && b3 == 4) {
            final ZipInputStream zip = new ZipInputStream(buffered);
            if (nextFile(zip) == null) {
                throw new UnusableUploadException("the zip holds no file");
            }
            return new FileContent(decryption, zip, zip);
        }
        return new FileContent(decryption, null, buffered);
    }

    /** The content: CSV text in UTF-8. */
    public InputStream decoded() {
        return decoded;
    }

    /**
     * Checks the end of the content: a zip holds no second file, and an OpenPGP message passes its integrity check.
     */
    public void finish() throws IOException {
        decoded.transferTo(OutputStream.nullOutputStream());
        if (zip != null && nextFile(zip) != null) {
            throw new UnusableUploadException("the zip holds more than one file; put exactly one CSV in a zip");
        }
        if (decryption != null) {
            decryption.verify();
        }
    }

    private static ZipEntry nextFile(final ZipInputStream zip) throws IOException {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (!entry.isDirectory()) {
                return entry;
            }
        }
        return null;
    }

    /**
     * A file's bytes as stored, read once: digested and counted as they pass; a read error is the source's
     * ({@link PullSourceException}).
     */
    public static final class StoredBytes extends FilterInputStream {
        private final MessageDigest digest = Sha256.newDigest();
        private final String name;
        private long count;
        private Checksum atEnd;

        public StoredBytes(final InputStream in, final String name) {
            super(in);
            this.name = name;
        }

        /**
         * Reads what is left of the file (nothing after a complete read) and returns its size and SHA-256; the
         * bytes are not read again on a second call.
         */
        public Checksum toEnd() {
            if (atEnd == null) {
                transferTo(OutputStream.nullOutputStream());
                atEnd = new Checksum(count, Sha256.hex(digest.digest()));
            }
            return atEnd;
        }

        @Override
        public int read() {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) {
            try {
                final int n = super.read(b, off, len);
                if (n > 0) {
                    digest.update(b, off, n);
                    count += n;
                }
                return n;
            } catch (final IOException e) {
                throw new PullSourceException("reading " + name + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public long skip(final long n) {
            final byte[] buffer = new byte[(int) Math.min(n, BUFFER)];
            return Math.max(read(buffer, 0, buffer.length), 0);
        }

        @Override
        public long transferTo(final OutputStream out) {
            final byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n = read(buffer, 0, buffer.length); n >= 0; n = read(buffer, 0, buffer.length)) {
                total += n;
            }
            return total;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** A file's size and SHA-256 as stored. */
    public record Checksum(long size, String sha256) {}
}
