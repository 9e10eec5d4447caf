package io.bakery.gateway.pull;

import io.bakery.gateway.crm.UnusableUploadException;
import io.bakery.schemas.config.PgpKeyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * Decrypts OpenPGP-encrypted client files as a stream (BouncyCastle), with any of the client's configured secret
 * keys: the file says which key it was encrypted to, so old and new keys can be configured side by side while a
 * client rotates. Only integrity-protected messages are accepted, and the integrity check is made at the end of
 * the stream, before the upload commits ({@link Decryption#verify()}).
 */
public final class PgpDecryptor {

    private static final Provider BC = new BouncyCastleProvider();

    /** One configured key: its key ring and its passphrase. */
    private record Key(PGPSecretKeyRingCollection rings, char[] passphrase) {}

    private final List<Key> keys;

    private PgpDecryptor(final List<Key> keys) {
        this.keys = keys;
    }

    /**
     * Reads the configured key files; a missing or unreadable file stops the start with the file named.
     *
     * @throws IllegalStateException naming the key file that cannot be read
     */
    public static PgpDecryptor load(final List<PgpKeyConfig> configured) {
        final List<Key> keys = new ArrayList<>();
        for (final PgpKeyConfig key : configured) {
            try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(Path.of(key.path())))) {
                keys.add(new Key(new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator()),
                        key.passphrase() == null ? new char[0] : key.passphrase().toCharArray()));
            } catch (final IOException | PGPException e) {
                throw new IllegalStateException("cannot read the PGP secret key " + key.path() + ": " + e.getMessage(),
                        e);
            }
        }
        return new PgpDecryptor(List.copyOf(keys));
    }

    /** A message being decrypted: its plaintext stream, and the integrity check for its end. */
    public static final class Decryption {
        private final InputStream data;
        private final PGPPublicKeyEncryptedData encrypted;

        private Decryption(final InputStream data, final PGPPublicKeyEncryptedData encrypted) {
            this.data = data;
            this.encrypted = encrypted;
        }

        /** The decrypted (and decompressed) content. */
        public InputStream data() {
            return data;
        }

        /** Reads what is left and checks the message's integrity (modification detection code). */
        public void verify() throws IOException {
            data.transferTo(java.io.OutputStream.nullOutputStream());
            try {
                if (!encrypted.verify()) {
                    throw new UnusableUploadException("the OpenPGP message failed its integrity check: it was altered "
                            + "or truncated; nothing was stored");
                }
            } catch (final PGPException e) {
                throw new UnusableUploadException("the OpenPGP message cannot be checked: " + e.getMessage());
            }
        }
    }

    /**
     * Starts decrypting {@code in}.
     *
     * @throws UnusableUploadException if it is not an encrypted OpenPGP message, is not integrity-protected, or
     *     none of the configured keys opens it
     */
    public Decryption open(final InputStream in) throws IOException {
        if (keys.isEmpty()) {
            throw new UnusableUploadException("the file is OpenPGP-encrypted (by its name) but the client's pull has "
                    + "no pgpKeys configured");
        }
        try {
            final JcaPGPObjectFactory factory = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(in));
            Object object = factory.nextObject();
            if (object instanceof PGPMarker) {
                object = factory.nextObject();
            }
            if (!(object instanceof PGPEncryptedDataList list)) {
                throw new UnusableUploadException("the file is not an OpenPGP encrypted message");
            }
            final List<String> keyIds = new ArrayList<>();
            for (final Iterator<PGPEncryptedData> it = list.getEncryptedDataObjects(); it.hasNext(); ) {
                final PGPEncryptedData data = it.next();
                if (!(data instanceof PGPPublicKeyEncryptedData encrypted)) {
                    continue;
                }
                keyIds.add(Long.toHexString(encrypted.getKeyID()).toUpperCase(java.util.Locale.ROOT));
                final PGPPrivateKey privateKey = privateKey(encrypted.getKeyID());
                if (privateKey == null) {
                    continue;
                }
                if (!encrypted.isIntegrityProtected()) {
                    throw new UnusableUploadException("the OpenPGP message has no integrity protection; encrypt with "
                            + "a current OpenPGP tool (MDC/SEIPD)");
                }
                final InputStream clear = encrypted.getDataStream(
                        new JcePublicKeyDataDecryptorFactoryBuilder().setProvider(BC).build(privateKey));
                return new Decryption(literal(clear), encrypted);
            }
            throw new UnusableUploadException("the file is encrypted to key(s) " + keyIds
                    + ", none of which is configured in the client's pgpKeys");
        } catch (final PGPException e) {
            throw new UnusableUploadException("the file cannot be decrypted: " + e.getMessage());
        }
    }

    private PGPPrivateKey privateKey(final long keyId) throws PGPException {
        for (final Key key : keys) {
            final PGPSecretKey secret = key.rings().getSecretKey(keyId);
            if (secret != null) {
                return secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder().setProvider(BC)
                        .build(key.passphrase()));
            }
        }
        return null;
    }

    /** The literal data inside the decrypted stream, decompressed if it was compressed. */
    private static InputStream literal(final InputStream clear) throws IOException, PGPException {
        JcaPGPObjectFactory factory = new JcaPGPObjectFactory(clear);
        Object object = factory.nextObject();
        if (object instanceof PGPCompressedData compressed) {
            factory = new JcaPGPObjectFactory(compressed.getDataStream());
            object = factory.nextObject();
        }
        if (object instanceof PGPOnePassSignatureList) {
            // Signed as well as encrypted: the signature is not checked here (the source is authenticated).
            object = factory.nextObject();
        }
        if (!(object instanceof PGPLiteralData literal)) {
            throw new UnusableUploadException("the OpenPGP message holds no data");
        }
        return literal.getInputStream();
    }
}
