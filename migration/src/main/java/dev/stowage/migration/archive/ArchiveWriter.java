package dev.stowage.migration.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an archive (see the {@linkplain dev.stowage.migration.archive package} for the format).
 * Lines go to {@code <file>.partial}; {@link #close()} writes the counting last line, fsyncs and
 * renames the file into place, so a file under the final name is always complete. A file name
 * ending in {@code .gz} is gzip-compressed. Not thread-safe.
 */
public final class ArchiveWriter implements AutoCloseable {

    private final Path file;
    private final Path partial;
    private final FileOutputStream raw;
    private final BufferedWriter out;
    private final Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    private boolean closed;

    private ArchiveWriter(Path file, String source, Instant exportedAt) throws IOException {
        this.file = file;
        this.partial = file.resolveSibling(file.getFileName() + ".partial");
        this.raw = new FileOutputStream(partial.toFile());
        try {
            var stream = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
            this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            ObjectNode header = ArchiveCodec.JSON.createObjectNode()
                    .put("format", ArchiveReader.FORMAT).put("version", ArchiveReader.VERSION)
                    .put("source", source).put("exportedAt", exportedAt.toString());
            line(header);
        } catch (IOException | RuntimeException e) {
            raw.close();
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /**
     * @param file       the archive to create (replaced if it exists, once complete)
     * @param source     the name of what is archived, for the header (a backend's name)
     * @param exportedAt when the export started
     * @return an open writer
     * @throws ArchiveException if the file cannot be created
     */
    public static ArchiveWriter create(Path file, String source, Instant exportedAt) {
        Check.required(file, "file");
        Check.requiredText(source, "source", 200);
        Check.required(exportedAt, "exportedAt");
        try {
            return new ArchiveWriter(file, source, exportedAt);
        } catch (IOException e) {
            throw new ArchiveException("cannot create the archive " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param entry the next record
     * @throws ArchiveException if the line cannot be written
     */
    public void write(ArchiveEntry entry) {
        Check.required(entry, "entry");
        ObjectNode line = ArchiveCodec.JSON.createObjectNode()
                .put("records", entry.records().label()).put("tenant", entry.tenant().value());
        line.set("record", ArchiveCodec.JSON.valueToTree(entry.record()));
        try {
            line(line);
        } catch (IOException e) {
            throw new ArchiveException("cannot write to the archive " + partial + ": " + e.getMessage(), e);
        }
        counts.merge(entry.records(), 1L, Long::sum);
    }

    /**
     * @return the records written so far, per kind
     */
    public Map<RecordKind, Long> counts() {
        return Map.copyOf(counts);
    }

    /**
     * Drops the unfinished archive: the partial file is deleted, nothing appears under the final name.
     */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // The file is deleted anyway.
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Finishes the archive: the counting last line, fsync, rename into place.
     *
     * @throws ArchiveException if it cannot be finished (the partial file is then deleted)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            ObjectNode end = ArchiveCodec.JSON.createObjectNode().put("end", true);
            ObjectNode tally = end.putObject("counts");
            for (RecordKind kind : RecordKind.values()) {
                tally.put(kind.label(), counts.getOrDefault(kind, 0L));
            }
            line(end);
            out.flush();
            out.close();
            closed = true;
            try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            closed = false;
            abort();
            throw new ArchiveException("cannot finish the archive " + file + ": " + e.getMessage(), e);
        }
    }

    private void line(ObjectNode node) throws IOException {
        out.write(ArchiveCodec.JSON.writeValueAsString(node));
        out.write('\n');
    }
}
