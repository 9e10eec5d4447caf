package io.bakery.exporter.delivery;

import io.bakery.schemas.config.DestinationConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
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
 * Pushes files to an SFTP server (Apache MINA SSHD client), with password or key login and a pinned host key:
 * a server whose key fingerprint differs from the configured one is refused before we log in. Each publish is
 * one session: write a hidden temporary name, then rename over the final name.
 */
public final class SftpDestination implements Destination {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DestinationConfig config;
    private final SshClient client;

    public SftpDestination(final DestinationConfig config) {
        this.config = config;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> config.hostKey().equals(KeyUtils.getFingerPrint(key)));
        if (config.privateKeyPath() != null) {
            client.setKeyIdentityProvider(new FileKeyPairProvider(Path.of(config.privateKeyPath())));
        }
        client.start();
    }

    @Override
    public void publish(final Path localFile, final String name) throws IOException {
        try (ClientSession session = login(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            final String target = remotePath(name);
            final String temporary = remotePath(Destination.temporaryName(name));
            makeParents(sftp, target);
            try (OutputStream out = sftp.write(temporary)) {
                Files.copy(localFile, out);
            }
            final OpenSSHPosixRenameExtension posixRename = sftp.getExtension(OpenSSHPosixRenameExtension.class);
            if (posixRename != null && posixRename.isSupported()) {
                posixRename.posixRename(temporary, target);
            } else {
                // Plain SFTP v3 rename refuses to overwrite: remove first (a brief gap, never a partial file).
                removeIfPresent(sftp, target);
                sftp.rename(temporary, target);
            }
        }
    }

    @Override
    public OptionalLong sizeOf(final String name) throws IOException {
        try (ClientSession session = login(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            return OptionalLong.of(sftp.stat(remotePath(name)).getSize());
        } catch (final SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }

    private ClientSession login() throws IOException {
        final ClientSession session = client.connect(config.user(), config.host(), config.port())
                .verify(TIMEOUT).getSession();
        try {
            if (config.password() != null) {
                session.addPasswordIdentity(config.password());
            }
            session.auth().verify(TIMEOUT);
            return session;
        } catch (final IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private String remotePath(final String name) {
        final String dir = config.remoteDir();
        if (dir == null || dir.isBlank()) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static void makeParents(final SftpClient sftp, final String path) throws IOException {
        final String[] parts = path.split("/");
        final StringBuilder current = new StringBuilder(path.startsWith("/") ? "/" : "");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            current.append(parts[i]);
            try {
                sftp.stat(current.toString());
            } catch (final SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
                sftp.mkdir(current.toString());
            }
            current.append('/');
        }
    }

    private static void removeIfPresent(final SftpClient sftp, final String path) throws IOException {
        try {
            sftp.remove(path);
        } catch (final SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
    }
}
