package io.bakery.gateway.pull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A local (or mounted) folder as a pull source. */
public final class FolderSource implements PullSource {

    private final Path folder;

    public FolderSource(final Path folder) {
        this.folder = folder;
    }

    @Override
    public List<SourceFile> list() throws IOException {
        final List<SourceFile> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (final Path path : (Iterable<Path>) entries::iterator) {
                final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    files.add(new SourceFile(path.getFileName().toString(), attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                }
            }
        }
        return files;
    }

    @Override
    public InputStream open(final String name) throws IOException {
        return Files.newInputStream(folder.resolve(name));
    }

    @Override
    public boolean exists(final String name) {
        return Files.exists(folder.resolve(name));
    }

    @Override
    public void write(final String name, final byte[] content) throws IOException {
        final Path partial = Files.createTempFile(folder, "." + name, ".partial");
        try {
            Files.write(partial, content);
            Files.move(partial, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public void delete(final String name) throws IOException {
        Files.deleteIfExists(folder.resolve(name));
    }

    @Override
    public void moveToProcessed(final String name) throws IOException {
        final Path processed = Files.createDirectories(folder.resolve(PROCESSED));
        Files.move(folder.resolve(name), processed.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String describe() {
        return folder.toString();
    }

    @Override
    public void close() {
        // nothing held between calls
    }
}
