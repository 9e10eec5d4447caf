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
 * that could be partly missing). Nothing is written to disk. The stored bytes are counted and checksummed as
 * they pass, so {@link #finish} can tell the file did not change since its checksum was taken.
 */
public final class FileContent {

    private static final int BUFFER = 1 << 16;

    private final Raw raw;
    private final PgpDecryptor.Decryption decryption;
    private final ZipInputStream zip;
    private final InputStream decoded;

    private FileContent(final Raw raw, final PgpDecryptor.Decryption decryption, final ZipInputStream zip,
                        final InputStream decoded) {
        this.raw = raw;
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
     * Unwraps {@code stored} (the file's bytes as stored; read errors are the source's, see
     * {@link PullSourceException}).
     */
    public static FileContent open(final InputStream stored, final String name, final PgpDecryptor pgp)
            throws IOException {
        final Raw raw = new Raw(stored, name);
        InputStream in = raw;
        PgpDecryptor.Decryption decryption = null;
        if (encrypted(name)) {
            decryption = pgp.open(raw);
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
            return new FileContent(raw, decryption, null, new GZIPInputStream(buffered, BUFFER));
        }
        if (b0 == 'P' && b1 == 'K' && b2 == 3 && b3 == 4) {
            final ZipInputStream zip = new ZipInputStream(buffered);
            if (nextFile(zip) == null) {
                throw new UnusableUploadException("the zip holds no file");
            }
            return new FileContent(raw, decryption, zip, zip);
        }
        return new FileContent(raw, decryption, null, buffered);
    }

    /** The content: CSV text in UTF-8. */
    public InputStream decoded() {
        return decoded;
    }

    /**
     * Checks the end of the file: a zip holds no second file, an OpenPGP message passes its integrity check, and
     * the stored bytes are those checksummed before (else the file changed while it was read: a source problem,
     * the next poll tries again).
     */
    public void finish(final String expectedSha256) throws IOException {
        decoded.transferTo(OutputStream.nullOutputStream());
        if (zip != null && nextFile(zip) != null) {
            throw new UnusableUploadException("the zip holds more than one file; put exactly one CSV in a zip");
        }
        if (decryption != null) {
            decryption.verify();
        }
        raw.transferTo(OutputStream.nullOutputStream());
        final String sha256 = Sha256.hex(raw.digest.digest());
        if (!sha256.equals(expectedSha256)) {
            throw new PullSourceException("the file changed while it was read", new IOException("checksum differs"));
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
     * Streams a file's stored bytes through SHA-256, as the first pass does: the file's checksum and size.
     */
    public static Checksum checksum(final InputStream stored, final String name) {
        final Raw raw = new Raw(stored, name);
        raw.transferTo(OutputStream.nullOutputStream());
        return new Checksum(raw.count, Sha256.hex(raw.digest.digest()));
    }

    /** A file's size and SHA-256 as stored. */
    public record Checksum(long size, String sha256) {}

    /** The stored bytes: digested and counted; a read error is the source's. */
    private static final class Raw extends FilterInputStream {
        private final MessageDigest digest = Sha256.newDigest();
        private final String name;
        private long count;

        Raw(final InputStream in, final String name) {
            super(in);
            this.name = name;
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
}
