package io.bakery.launcher.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A partner's SFTP server (Apache MINA SSHD on loopback, password login, files under one folder) that can hold
 * the first upload it receives after its first chunk is on disk: the uploader is then stuck mid-file, its
 * temporary file half-published, until {@link #release()}.
 */
final class SftpInbox implements AutoCloseable {

    static final String USER = "partner";

    private final SshServer server;
    private final Path root;
    private final CountDownLatch firstUploadHeld = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean holding = new AtomicBoolean(true);

    private SftpInbox(final SshServer server, final Path root) {
        this.server = server;
        this.root = root;
    }

    /** Starts a server for {@code password} serving {@code root}; the first upload is held. */
    static SftpInbox start(final Path root, final Path hostKey, final String password) throws IOException {
        Files.createDirectories(root);
        final SshServer server = SshServer.setUpDefaultServer();
        final SftpInbox inbox = new SftpInbox(server, root);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        server.setPasswordAuthenticator((user, given, session) -> USER.equals(user) && password.equals(given));
        final SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(inbox.new HoldFirstUpload());
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        return inbox;
    }

    int port() {
        return server.getPort();
    }

    /** The host key's fingerprint, {@code SHA256:...}, as a client pins it. */
    String hostKeyFingerprint() throws Exception {
        return KeyUtils.getFingerPrint(server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
    }

    Path root() {
        return root;
    }

    /** Waits until the first upload is held mid-file. */
    boolean awaitFirstUploadHeld(final long seconds) throws InterruptedException {
        return firstUploadHeld.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets the held upload go on (its uploader may be dead by then) and holds nothing more. */
    void release() {
        holding.set(false);
        released.countDown();
    }

    @Override
    public void close() throws IOException {
        release();
        server.stop(true);
    }

    /** After the first chunk of the first upload is written, blocks that upload until released. */
    private final class HoldFirstUpload implements SftpEventListener {
        @Override
        public void written(final ServerSession session, final String remoteHandle, final FileHandle localHandle,
                final long offset, final byte[] data, final int dataOffset, final int dataLen, final Throwable thrown)
                throws IOException {
            if (thrown == null && holding.compareAndSet(true, false)) {
                firstUploadHeld.countDown();
                try {
                    released.await(120, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
