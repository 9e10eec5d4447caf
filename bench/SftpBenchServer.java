import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Bench helper: a client's SFTP server on loopback (Apache MINA SSHD, as CrmPullIT uses), serving ROOT to one
 * user with a password, on a free port. Writes {@code port=...} and {@code hostKey=SHA256:...} to INFO_FILE once
 * it listens, for the gateway's pull configuration, and runs until killed. Run with the launcher jar on the class
 * path: {@code java -cp launcher/target/bakery.jar bench/SftpBenchServer.java ROOT USER PASSWORD INFO_FILE}.
 */
public final class SftpBenchServer {
    public static void main(final String[] args) throws Exception {
        final Path root = Path.of(args[0]).toAbsolutePath();
        final String user = args[1];
        final String password = args[2];
        final Path info = Path.of(args[3]);
        final SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling("sftp-host-key.ser")));
        server.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        final String hostKey = KeyUtils.getFingerPrint(
                server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
        final Path partial = info.resolveSibling(info.getFileName() + ".partial");
        Files.writeString(partial, "port=" + server.getPort() + "\nhostKey=" + hostKey + "\n");
        Files.move(partial, info);
        new CountDownLatch(1).await();
    }
}
