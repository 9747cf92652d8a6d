package dev.stowage.migration.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this JVM's open file descriptors on a file, from {@code /proc/self/fd} (Linux). */
public final class OpenFiles {

    private OpenFiles() {
    }

    /**
     * @param file a file
     * @return how many descriptors of this JVM have it open
     */
    public static long count(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // The descriptor closed while listing.
                }
            }).count();
        }
    }
}
