package io.bakery.gateway.pull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/** Test keys: an RSA OpenPGP key written as an armored secret key file, and encryption to its public key. */
final class PgpTestKeys {

    private static final Provider BC = new BouncyCastleProvider();

    private final PGPSecretKey secret;

    private PgpTestKeys(final PGPSecretKey secret) {
        this.secret = secret;
    }

    /** A new 2048-bit RSA key protected by {@code passphrase}. */
    static PgpTestKeys generate(final String identity, final String passphrase) throws Exception {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", BC);
        generator.initialize(2048);
        final PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PGPPublicKey.RSA_GENERAL,
                generator.generateKeyPair(), new Date());
        final PGPSecretKey secret = new PGPSecretKey(PGPSignature.DEFAULT_CERTIFICATION, pair, identity,
                new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1), null, null,
                new JcaPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256)
                        .setProvider(BC),
                new JcePBESecretKeyEncryptorBuilder(PGPEncryptedData.AES_256,
                        new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1))
                        .setProvider(BC).build(passphrase.toCharArray()));
        return new PgpTestKeys(secret);
    }

    /** Writes the armored secret key to {@code file}. */
    Path writeSecretKey(final Path file) throws IOException {
        try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(file))) {
            secret.encode(out);
        }
        return file;
    }

    /** {@code plaintext} encrypted to this key, integrity-protected, binary. */
    byte[] encrypt(final byte[] plaintext) throws IOException, PGPException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(PGPEncryptedData.AES_256).setWithIntegrityPacket(true)
                        .setSecureRandom(new SecureRandom()).setProvider(BC));
        encryption.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(secret.getPublicKey()).setProvider(BC));
        try (OutputStream encrypted = encryption.open(bytes, new byte[1 << 12]);
             OutputStream literal = new PGPLiteralDataGenerator().open(encrypted, PGPLiteralData.BINARY, "crm.csv",
                     new Date(), new byte[1 << 12])) {
            literal.write(plaintext);
        }
        return bytes.toByteArray();
    }
}
