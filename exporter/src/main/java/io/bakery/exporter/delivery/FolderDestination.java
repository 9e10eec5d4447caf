package io.bakery.exporter.delivery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/** Publishes into a local (or mounted) folder: copy to a hidden temporary name, fsync, then an atomic rename. */
public final class FolderDestination implements Destination {

    private final Path root;

    public FolderDestination(final Path root) {
        this.root = root;
    }

    @Override
    public void publish(final Path localFile, final String name) throws IOException {
        final Path target = resolve(name);
        final Path temporary = resolve(Destination.temporaryName(name));
        Files.createDirectories(target.getParent());
        Files.copy(localFile, temporary, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public OptionalLong sizeOf(final String name) throws IOException {
        final Path target = resolve(name);
        return Files.isRegularFile(target) ? OptionalLong.of(Files.size(target)) : OptionalLong.empty();
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private Path resolve(final String name) {
        final Path path = root.resolve(name).normalize();
        if (!path.startsWith(root.normalize())) {
            throw new IllegalArgumentException("file name leaves the destination folder: " + name);
        }
        return path;
    }
}
