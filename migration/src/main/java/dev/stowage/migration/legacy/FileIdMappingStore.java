package dev.stowage.migration.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Id mappings in files, one JSON Lines file per namespace ({@code <dir>/<namespace>.jsonl}): a
 * header line, then one line per entry, appended and fsynced before the records are imported.
 * The file is read whole when its namespace is opened (so its entries are held in memory); a line
 * torn by a crash can only be the last one, and it is cut off (its entry is recorded again by the
 * rerun). For one process at a time.
 * <pre>
 * {"format":"stowage-legacy-ids","version":1,"namespace":"…","name":"crm-2019","importedAt":"2026-03-01T09:30:00Z"}
 * {"collection":"users","legacyId":"42","id":"…","records":"CONTACTS","key":"…"}
 * </pre>
 */
public final class FileIdMappingStore extends MemoryIdMappingStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Map<UUID, FileChannel> files = new ConcurrentHashMap<>();

    private FileIdMappingStore(Path directory) {
        this.directory = directory;
    }

    /**
     * @param directory where the files are (created if missing)
     * @return the store
     * @throws IdMappingException if the directory cannot be created
     */
    public static FileIdMappingStore in(Path directory) {
        Check.required(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IdMappingException("cannot create the id mapping directory " + directory + ": " + e, e, false);
        }
        return new FileIdMappingStore(directory);
    }

    /**
     * @param namespace a namespace
     * @return its file
     */
    public Path file(UUID namespace) {
        return directory.resolve(namespace + ".jsonl");
    }

    @Override
    Space opened(UUID namespace, String name, Instant now) {
        Path file = file(namespace);
        try {
            Space space;
            if (Files.exists(file)) {
                dropTornTail(file);
            }
            if (Files.exists(file) && Files.size(file) > 0) {
                space = load(file, namespace);
            } else {
                space = new Space(name, now);
                ObjectNode header = JSON.createObjectNode().put("format", "stowage-legacy-ids").put("version", 1)
                        .put("namespace", namespace.toString()).put("name", name).put("importedAt", now.toString());
                Files.writeString(file, JSON.writeValueAsString(header) + "\n", StandardCharsets.UTF_8);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            channel.force(true);
            files.put(namespace, channel);
            return space;
        } catch (IOException e) {
            throw new IdMappingException("cannot open the id mapping file " + file + ": " + e, e, false);
        }
    }

    /** Cuts a line a crash left half-written (only the last one can be), so appends start on a fresh line. */
    private static void dropTornTail(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(end);
                channel.force(true);
            }
        }
    }

    private static Space load(Path file, UUID namespace) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonNode header = JSON.readTree(lines.get(0));
        if (!"stowage-legacy-ids".equals(header.path("format").asText())
                || !namespace.toString().equals(header.path("namespace").asText())) {
            throw new IdMappingException(file + " is not the id mapping file of namespace " + namespace, null, false);
        }
        Space space = new Space(header.path("name").asText(), Instant.parse(header.path("importedAt").asText()));
        for (int i = 1; i < lines.size(); i++) {
            JsonNode line;
            try {
                line = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException broken) {
                throw new IdMappingException(file + " line " + (i + 1) + " is not JSON", broken, false);
            }
            space.put(new IdMapping(line.path("collection").asText(), line.path("legacyId").asText(),
                    UUID.fromString(line.path("id").asText()), RecordKind.valueOf(line.path("records").asText()),
                    line.path("key").asText()));
        }
        return space;
    }

    @Override
    void changed(UUID namespace, IdMapping mapping) {
        ObjectNode line = JSON.createObjectNode().put("collection", mapping.collection())
                .put("legacyId", mapping.legacyId()).put("id", mapping.id().toString())
                .put("records", mapping.records().name()).put("key", mapping.targetKey());
        try {
            ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            FileChannel channel = files.get(namespace);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IdMappingException("cannot append to the id mapping file " + file(namespace) + ": " + e, e, true);
        }
    }

    @Override
    void flush(UUID namespace) {
        try {
            files.get(namespace).force(false);
        } catch (IOException e) {
            throw new IdMappingException("cannot fsync the id mapping file " + file(namespace) + ": " + e, e, true);
        }
    }

    @Override
    public void close() {
        for (FileChannel channel : files.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Everything recorded was fsynced already.
            }
        }
        files.clear();
    }

    @Override
    public String toString() {
        return "id mapping files in " + directory;
    }
}
