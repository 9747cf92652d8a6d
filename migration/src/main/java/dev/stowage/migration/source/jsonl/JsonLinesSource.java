package dev.stowage.migration.source.jsonl;

import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.source.SourceRecord;
import dev.stowage.migration.source.UnreadableRecord;
import dev.stowage.support.Check;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Lines files (one JSON object per line), including mongoexport's extended JSON (see
 * {@link ExtendedJson}), plain or gzip-compressed (recognised by the gzip magic bytes, whatever the
 * file is called). Each file is one collection.
 *
 * <p>Files are streamed: one line is held at a time. A position is
 * {@code <byte offset>:<line number>} of the next line (decompressed bytes for gzip), so a resumed
 * read continues exactly at the line after the last one returned. Reading on from the position the
 * previous batch returned continues on the open file; any other position reopens it (a gzip file
 * is then decompressed up to the offset).
 *
 * <p>A line that is not one JSON object, has malformed extended JSON, lacks a usable id or is longer
 * than the limit is returned as an {@link UnreadableRecord} located by its line number (the engine
 * rejects it with its raw text); blank lines are skipped.
 */
public final class JsonLinesSource implements RecordSource {

    /** The longest line read by default: a record of 16 MiB, MongoDB's own document limit. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
    private static final int RAW_EXCERPT = 4096;

    private final Map<String, Path> files;
    private final List<String> collections;
    private final String idField;
    private final int maxLineBytes;
    private final Map<String, OpenFile> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private JsonLinesSource(Builder builder) {
        this.files = Map.copyOf(builder.files);
        this.collections = List.copyOf(builder.files.keySet());
        this.idField = builder.idField;
        this.maxLineBytes = builder.maxLineBytes;
    }

    /**
     * @return a builder with the id field {@code _id}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param files mongoexport or JSON Lines files, each a collection named after the file
     * @return a source reading them, ids from {@code _id}
     */
    public static JsonLinesSource of(Path... files) {
        Builder builder = builder();
        for (Path file : files) {
            builder.file(file);
        }
        return builder.build();
    }

    @Override
    public String name() {
        return "jsonl:" + String.join(",", collections);
    }

    @Override
    public List<String> collections() {
        return collections;
    }

    @Override
    public RecordBatch read(String collection, String afterPosition, int limit) {
        Path file = file(collection);
        Check.range(limit, "limit", 1, Integer.MAX_VALUE);
        if (closed) {
            throw new dev.stowage.exception.StoreClosedException("the JSON Lines source " + name() + " is closed");
        }
        LineCursor cursor = null;
        try {
            cursor = cursor(collection, file, afterPosition);
            List<SourceRecord> records = new ArrayList<>();
            List<UnreadableRecord> unreadable = new ArrayList<>();
            while (records.size() + unreadable.size() < limit && cursor.next()) {
                readLine(collection, cursor, records, unreadable);
            }
            if (!cursor.hasMore()) {
                closeQuietly(cursor);
                return new RecordBatch(records, unreadable, null);
            }
            String next = cursor.offset() + ":" + cursor.lineNumber();
            open.put(collection, new OpenFile(next, cursor));
            return new RecordBatch(records, unreadable, next);
        } catch (IOException | RuntimeException e) {
            closeQuietly(cursor);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreUnavailableException("cannot read the JSON Lines file of collection " + collection
                    + " (" + file.getFileName() + "): " + e.getClass().getSimpleName(), (IOException) e);
        }
    }

    private void readLine(String collection, LineCursor cursor, List<SourceRecord> records,
                          List<UnreadableRecord> unreadable) {
        byte[] bytes = cursor.bytes();
        int length = cursor.length();
        String location = "line " + cursor.lineNumber();
        if (cursor.tooLong()) {
            unreadable.add(new UnreadableRecord(collection, location, "the line is longer than "
                    + maxLineBytes + " bytes", excerpt(bytes, length)));
            return;
        }
        if (isBlank(bytes, length)) {
            return;
        }
        String raw = new String(bytes, 0, length, StandardCharsets.UTF_8);
        try {
            Map<String, Object> fields = ExtendedJson.parseObject(bytes, 0, length);
            String legacyId = legacyId(fields.get(idField));
            if (legacyId == null) {
                unreadable.add(new UnreadableRecord(collection, location, "no usable id: " + idField
                        + " must be a non-blank string, an ObjectId or an integer", raw));
                return;
            }
            records.add(new SourceRecord(collection, legacyId, fields, raw));
        } catch (ValidationException e) {
            unreadable.add(new UnreadableRecord(collection, location, e.getMessage(), raw));
        }
    }

    private static String legacyId(Object id) {
        if (id instanceof String text && !text.isBlank()) {
            return text;
        }
        if (id instanceof Long number) {
            return number.toString();
        }
        if (id instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
            return decimal.toBigInteger().toString();
        }
        return null;
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String excerpt(byte[] bytes, int length) {
        return new String(bytes, 0, Math.min(length, RAW_EXCERPT), StandardCharsets.UTF_8) + "…";
    }

    private LineCursor cursor(String collection, Path file, String afterPosition) throws IOException {
        OpenFile current = open.remove(collection);
        if (current != null && afterPosition != null && current.position.equals(afterPosition)) {
            return current.cursor;
        }
        if (current != null) {
            current.cursor.close();
        }
        long offset = 0;
        long line = 0;
        if (afterPosition != null) {
            long[] parsed = parsePosition(afterPosition);
            offset = parsed[0];
            line = parsed[1];
        }
        return LineCursor.open(file, offset, line, maxLineBytes);
    }

    private static long[] parsePosition(String position) {
        int colon = position.indexOf(':');
        try {
            if (colon > 0) {
                long offset = Long.parseLong(position.substring(0, colon));
                long line = Long.parseLong(position.substring(colon + 1));
                if (offset >= 0 && line >= 0 && line <= offset) {
                    return new long[] {offset, line};
                }
            }
        } catch (NumberFormatException e) {
            // Reported below as a position this source did not write.
        }
        throw new ValidationException("position", "unknown-position", "must be <byte offset>:<line number> as this source writes it");
    }

    private Path file(String collection) {
        Path file = collection == null ? null : files.get(collection);
        if (file == null) {
            throw new ValidationException("collection", "unknown-collection", "is not a collection of " + name());
        }
        return file;
    }

    @Override
    public OptionalLong estimatedCount(String collection) {
        Path file = file(collection);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] sample = in.readNBytes(1024 * 1024);
            if (sample.length >= 2 && (sample[0] & 0xff) == 0x1f && (sample[1] & 0xff) == 0x8b) {
                return OptionalLong.empty();
            }
            long newlines = 0;
            for (byte b : sample) {
                if (b == '\n') {
                    newlines++;
                }
            }
            if (newlines == 0) {
                return OptionalLong.of(sample.length == 0 ? 0 : 1);
            }
            return OptionalLong.of(Math.max(newlines, Files.size(file) * newlines / sample.length));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private void closeCursor(String collection) {
        OpenFile current = open.remove(collection);
        if (current != null) {
            closeQuietly(current.cursor);
        }
    }

    private static void closeQuietly(LineCursor cursor) {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (IOException ignored) {
                // Closing a read-only file: nothing is lost.
            }
        }
    }

    /**
     * @return how many files are open now (each collection being read holds one), for tests of {@link #close()}
     */
    public int openFiles() {
        return open.size();
    }

    @Override
    public void close() {
        closed = true;
        for (String collection : List.copyOf(open.keySet())) {
            closeCursor(collection);
        }
    }

    private record OpenFile(String position, LineCursor cursor) {
    }

    /** Configures a {@link JsonLinesSource}. */
    public static final class Builder {

        private final Map<String, Path> files = new LinkedHashMap<>();
        private String idField = "_id";
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;

        private Builder() {
        }

        /**
         * @param file a file whose collection is its name without {@code .gz}, {@code .jsonl}, {@code .ndjson} or {@code .json}
         * @return this builder
         */
        public Builder file(Path file) {
            String name = Check.required(file, "file").getFileName().toString();
            for (String suffix : List.of(".gz", ".jsonl", ".ndjson", ".json")) {
                if (name.length() > suffix.length() && name.endsWith(suffix)) {
                    name = name.substring(0, name.length() - suffix.length());
                }
            }
            return file(name, file);
        }

        /**
         * @param collection the collection's name
         * @param file       its file
         * @return this builder
         */
        public Builder file(String collection, Path file) {
            Check.requiredText(collection, "collection", 200);
            Check.required(file, "file");
            if (!Files.isRegularFile(file)) {
                throw new ValidationException("file", "not-found", "is not a readable file: " + file.getFileName());
            }
            if (files.putIfAbsent(collection, file) != null) {
                throw new ValidationException("collection", "duplicate", "two files are named " + collection);
            }
            return this;
        }

        /**
         * @param idField the top-level field holding each record's legacy id (default {@code _id})
         * @return this builder
         */
        public Builder idField(String idField) {
            this.idField = Check.requiredText(idField, "idField", 200);
            return this;
        }

        /**
         * @param maxLineBytes the longest line held in memory; longer lines are unreadable records
         * @return this builder
         */
        public Builder maxLineBytes(int maxLineBytes) {
            this.maxLineBytes = Check.range(maxLineBytes, "maxLineBytes", 64, Integer.MAX_VALUE - 16);
            return this;
        }

        /**
         * @return the source
         * @throws ValidationException if no file was given
         */
        public JsonLinesSource build() {
            if (files.isEmpty()) {
                throw new ValidationException("files", "required", "at least one file is needed");
            }
            return new JsonLinesSource(this);
        }
    }
}
