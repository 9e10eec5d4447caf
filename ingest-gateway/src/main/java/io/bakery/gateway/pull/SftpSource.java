package io.bakery.gateway.pull;

import io.bakery.schemas.config.DestinationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A client's SFTP server as a pull source (Apache MINA SSHD client): password or key login, and the host key
 * pinned, so a server whose key fingerprint differs from the configured one is refused before we log in. One
 * SSH session per poll.
 */
public final class SftpSource implements PullSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /**
     * AES-GCM first: the JDK runs it on the CPU's AES and carry-less multiply instructions, while ChaCha20-Poly1305,
     * MINA's first choice (and OpenSSH's), is plain Java here, and was the SSH thread's largest cost in a pull. The
     * client's order decides; every OpenSSH server of the last decade offers AES-GCM, and the rest stay fallbacks.
     */
    private static final String[] CIPHERS = {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr",
        "aes192-ctr", "aes256-ctr", "chacha20-poly1305@openssh.com"};

    private final DestinationConfig config;
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    public SftpSource(final DestinationConfig config) throws IOException {
        this.config = config;
        this.client = SshClient.setUpDefaultClient();
        client.setCipherFactoriesNames(CIPHERS);
        client.setServerKeyVerifier((s, address, key) -> config.hostKey().equals(KeyUtils.getFingerPrint(key)));
        if (config.privateKeyPath() != null) {
            client.setKeyIdentityProvider(new FileKeyPairProvider(Path.of(config.privateKeyPath())));
        }
        client.start();
        try {
            this.session = client.connect(config.user(), config.host(), config.port()).verify(TIMEOUT).getSession();
            if (config.password() != null) {
                session.addPasswordIdentity(config.password());
            }
            session.auth().verify(TIMEOUT);
            this.sftp = SftpClientFactory.instance().createSftpClient(session);
        } catch (final IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    @Override
    public List<SourceFile> list() throws IOException {
        final List<SourceFile> files = new ArrayList<>();
        for (final SftpClient.DirEntry entry : sftp.readDir(dir().isEmpty() ? "." : dir())) {
            final SftpClient.Attributes attributes = entry.getAttributes();
            if (attributes.isRegularFile()) {
                files.add(new SourceFile(entry.getFilename(), attributes.getSize(),
                        attributes.getModifyTime().toInstant()));
            }
        }
        return files;
    }

    @Override
    public InputStream open(final String name) throws IOException {
        return sftp.read(path(name));
    }

    @Override
    public boolean exists(final String name) throws IOException {
        try {
            sftp.stat(path(name));
            return true;
        } catch (final SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void write(final String name, final byte[] content) throws IOException {
        final String temporary = path("." + name + ".partial");
        try (OutputStream out = sftp.write(temporary)) {
            out.write(content);
        }
        rename(temporary, path(name));
    }

    @Override
    public void delete(final String name) throws IOException {
        sftp.remove(path(name));
    }

    @Override
    public void moveToProcessed(final String name) throws IOException {
        final String processed = path(PROCESSED);
        try {
            sftp.stat(processed);
        } catch (final SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
            sftp.mkdir(processed);
        }
        rename(path(name), processed + "/" + name);
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
            session.close();
        } finally {
            client.stop();
        }
    }

    private void rename(final String from, final String to) throws IOException {
        final OpenSSHPosixRenameExtension posixRename = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posixRename != null && posixRename.isSupported()) {
            posixRename.posixRename(from, to);
            return;
        }
        // Plain SFTP v3 rename refuses to overwrite: remove first.
        try {
            sftp.remove(to);
        } catch (final SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
        sftp.rename(from, to);
    }

    private String dir() {
        final String dir = config.remoteDir();
        return dir == null ? "" : dir;
    }

    private String path(final String name) {
        final String dir = dir();
        if (dir.isBlank()) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
