package dev.stowage.migration.source.jsonl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this JVM's open file descriptors on a file, from {@code /proc/self/fd} (Linux). */
final class OpenFiles {

    private OpenFiles() {
    }

    static long count(Path file) throws IOException {
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
