package dev.stowage.migration.switching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.TenantId;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.migration.StoreKind;
import dev.stowage.support.Check;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A repair queue in a JSON Lines file, for one application instance: every change rewrites the
 * file to a temporary sibling, forces it to disk and renames it over the old one, so a crash
 * leaves either the old or the new queue, never half of one. Meant for the handful of keys a
 * replication outage leaves; several instances share a {@link PostgresRepairQueue} instead.
 * Thread-safe within one process (one monitor).
 */
public final class FileRepairQueue implements RepairQueue {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Set<RepairKey> keys = new LinkedHashSet<>();

    private FileRepairQueue(Path file) {
        this.file = file;
    }

    /**
     * @param file the queue's file; read if it exists, created on the first key
     * @return the queue
     * @throws StoreException if the file exists and cannot be read
     */
    public static FileRepairQueue open(Path file) {
        FileRepairQueue queue = new FileRepairQueue(Check.required(file, "file").toAbsolutePath());
        queue.load();
        return queue;
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                keys.add(new RepairKey(StoreKind.valueOf(node.get("store").asText()), TenantId.of(node.get("tenant").asText()),
                        RepairKey.Kind.valueOf(node.get("kind").asText()), node.get("key").asText(),
                        node.get("detail").asText()));
            }
        } catch (IOException | RuntimeException e) {
            throw new StoreException("the repair queue " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void add(RepairKey key) {
        if (keys.add(Check.required(key, "key"))) {
            save();
        }
    }

    @Override
    public synchronized List<RepairKey> peek(StoreKind store, int limit) {
        Check.required(store, "store");
        Check.batchLimit(limit);
        return keys.stream().filter(key -> MemoryRepairQueue.belongs(key, store)).limit(limit).toList();
    }

    @Override
    public synchronized void remove(RepairKey key) {
        if (keys.remove(Check.required(key, "key"))) {
            save();
        }
    }

    @Override
    public synchronized long size(StoreKind store) {
        Check.required(store, "store");
        return keys.stream().filter(key -> MemoryRepairQueue.belongs(key, store)).count();
    }

    private void save() {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            List<String> lines = new ArrayList<>();
            for (RepairKey key : keys) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("store", key.store().name());
                line.put("tenant", key.tenant().value());
                line.put("kind", key.kind().name());
                line.put("key", key.key());
                line.put("detail", key.detail());
                lines.add(JSON.writeValueAsString(line));
            }
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreUnavailableException("the repair queue " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FileRepairQueue[" + file + "]";
    }
}
