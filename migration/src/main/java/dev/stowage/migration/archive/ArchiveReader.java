package dev.stowage.migration.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads an archive line by line (see the {@linkplain dev.stowage.migration.archive package} for
 * the format), plain or gzip (told apart by the first bytes), holding one line in memory. The
 * header is checked on open, the counting last line when {@link #next()} reaches it. Not thread-safe.
 */
public final class ArchiveReader implements AutoCloseable {

    /** The {@code format} of an archive's first line. */
    public static final String FORMAT = "stowage-archive";
    /** The format version this reader reads and the writer writes. */
    public static final int VERSION = 1;

    private final Path file;
    private final long size;
    private final CountingStream counted;
    private final BufferedReader in;
    private final String source;
    private final Instant exportedAt;
    private final Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    private long lineNumber = 1;
    private boolean ended;

    private ArchiveReader(Path file) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        this.counted = new CountingStream(Files.newInputStream(file));
        try {
            InputStream buffered = new BufferedInputStream(counted, 1 << 16);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream data = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            this.in = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16);
            String first = in.readLine();
            JsonNode header = first == null ? null : parse(first);
            if (header == null || !FORMAT.equals(header.path("format").asText())) {
                throw failure("is not a Stowage archive (its first line has no \"format\":\"" + FORMAT + "\")", null);
            }
            if (header.path("version").asInt() != VERSION) {
                throw failure("has format version " + header.path("version").asText() + "; this reader reads "
                        + VERSION, null);
            }
            this.source = header.path("source").asText();
            this.exportedAt = Instant.parse(header.path("exportedAt").asText());
        } catch (IOException | RuntimeException e) {
            counted.close();
            throw e;
        }
    }

    /**
     * @param file an archive written by {@link ArchiveWriter}
     * @return a reader positioned after the header
     * @throws ArchiveException if the file cannot be read or is not an archive of a known version
     */
    public static ArchiveReader open(Path file) {
        Check.required(file, "file");
        try {
            return new ArchiveReader(file);
        } catch (IOException e) {
            throw new ArchiveException("cannot read the archive " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return the name of what was archived, from the header
     */
    public String source() {
        return source;
    }

    /**
     * @return when the export started, from the header
     */
    public Instant exportedAt() {
        return exportedAt;
    }

    /**
     * @return the share of the file read so far, 0..1 (compressed bytes, so it moves evenly)
     */
    public double fractionRead() {
        return size == 0 ? 1 : Math.min(1, (double) counted.count / size);
    }

    /**
     * @return the next record; empty at the end, once the last line's counts matched what was read
     * @throws ArchiveException if a line is malformed or the archive is truncated (no counting
     *     last line, or counts that differ from the records read)
     */
    public Optional<ArchiveEntry> next() {
        if (ended) {
            return Optional.empty();
        }
        try {
            String text = in.readLine();
            lineNumber++;
            if (text == null) {
                throw failure("is truncated: it ends at line " + lineNumber + " without its counting last line"
                        + " (an export that did not finish?)", null);
            }
            JsonNode line = parse(text);
            if (line.path("end").asBoolean(false)) {
                checkEnd(line);
                return Optional.empty();
            }
            RecordKind records = kind(line.path("records").asText());
            TenantId tenant = TenantId.of(line.path("tenant").asText());
            Object record = ArchiveCodec.read(line.path("record"), ArchiveEntry.typeOf(records));
            counts.merge(records, 1L, Long::sum);
            return Optional.of(new ArchiveEntry(records, tenant, record));
        } catch (IOException e) {
            throw failure("cannot be read at line " + lineNumber + ": " + e.getMessage(), e);
        } catch (ArchiveException e) {
            throw e;
        } catch (RuntimeException e) {
            // A record that breaks the model's rules: the message names the field, never its value.
            throw failure("holds an invalid record at line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    private void checkEnd(JsonNode line) throws IOException {
        for (RecordKind kind : RecordKind.values()) {
            long declared = line.path("counts").path(kind.label()).asLong(0);
            long read = counts.getOrDefault(kind, 0L);
            if (declared != read) {
                throw failure("is inconsistent: its last line counts " + declared + " " + kind.label() + " but "
                        + read + " were read", null);
            }
        }
        if (in.readLine() != null) {
            throw failure("has lines after its counting last line (line " + lineNumber + ")", null);
        }
        ended = true;
    }

    private static RecordKind kind(String label) {
        for (RecordKind kind : RecordKind.values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind of records '" + label + "'");
    }

    private JsonNode parse(String text) throws IOException {
        try {
            return ArchiveCodec.JSON.readTree(text);
        } catch (IOException e) {
            throw failure("has a line that is not JSON (line " + lineNumber + ")", e);
        }
    }

    private ArchiveException failure(String what, Throwable cause) {
        return new ArchiveException("the archive " + file + " " + what, cause);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Read-only: nothing is lost.
        }
    }

    private static final class CountingStream extends FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
