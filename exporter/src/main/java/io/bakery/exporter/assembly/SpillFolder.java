package io.bakery.exporter.assembly;

import io.bakery.schemas.avro.ClientDayKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The exporter's work folder, {@code <out>/work/}, where client-days are spilled while they are assembled: one
 * file {@code <client>/<day>.<name>.rows} per assembly. Folders are created 0700 and files 0600 (where the file
 * system has POSIX permissions): the rows are pseudonymous ids, still not for other local users.
 */
public final class SpillFolder {

    /** The work folder's name under the exporter's output folder. */
    public static final String DIRECTORY = "work";
    private static final String SUFFIX = ".rows";
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    public SpillFolder(final Path outputDir) {
        this.root = outputDir.resolve(DIRECTORY);
    }

    /**
     * A new spill for {@code key}. {@code name} tells apart assemblies of the same day (exporter loop, on-demand
     * export); reusing a name replaces the earlier file, which is what a restarted exporter re-reading a day wants.
     */
    public DaySpill create(final ClientDayKey key, final String name) throws IOException {
        final Path file = root.resolve(key.getClientId()).resolve(key.getDay() + "." + name + SUFFIX);
        createPrivateFile(file);
        return new DaySpill(file);
    }

    /**
     * Deletes the spills of every day {@code delivered} says is done: leftovers of an exporter that stopped
     * without cleaning up (killed). Returns how many it deleted.
     */
    public int deleteDelivered(final Predicate<ClientDayKey> delivered) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> clients = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (final Path client : clients) {
                try (DirectoryStream<Path> spills = Files.newDirectoryStream(client, "*" + SUFFIX)) {
                    for (final Path spill : spills) {
                        final String name = spill.getFileName().toString();
                        final int dot = name.indexOf('.');
                        final ClientDayKey key = new ClientDayKey(client.getFileName().toString(),
                                dot < 0 ? name : name.substring(0, dot));
                        if (delivered.test(key) && Files.deleteIfExists(spill)) {
                            deleted++;
                        }
                    }
                }
            }
        }
        return deleted;
    }

    /**
     * Creates {@code file} empty and private (0600), and the work folders below the output folder 0700; an
     * existing file is replaced.
     */
    private void createPrivateFile(final Path file) throws IOException {
        final boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        // The output folder itself keeps the default permissions: delivered files may be read from it.
        Files.createDirectories(root.getParent());
        if (posix) {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
        } else {
            Files.createDirectories(file.getParent());
        }
        // Delete, then create new: a leftover keeps its old permissions if it is only truncated.
        Files.deleteIfExists(file);
        final FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes).close();
    }
}
