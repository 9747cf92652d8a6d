package dev.stowage.migration.legacy;

import dev.stowage.support.Check;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Id mappings in memory, for tests and one-JVM imports: lost when the JVM ends.
 */
public class MemoryIdMappingStore implements IdMappingStore {

    /** One namespace's entries. */
    static final class Space {
        final String name;
        final Instant importedAt;
        final Map<String, Map<String, IdMapping>> collections = new ConcurrentHashMap<>();

        Space(String name, Instant importedAt) {
            this.name = name;
            this.importedAt = importedAt;
        }

        /** @return whether the entry is new or changed */
        boolean put(IdMapping mapping) {
            IdMapping old = collections.computeIfAbsent(mapping.collection(), c -> new ConcurrentHashMap<>())
                    .put(mapping.legacyId(), mapping);
            return !mapping.equals(old);
        }
    }

    private final Map<UUID, Space> spaces = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public MemoryIdMappingStore() {
    }

    @Override
    public Instant open(UUID namespace, String name, Instant now) {
        Check.required(namespace, "namespace");
        return spaces.computeIfAbsent(namespace, n -> opened(n, name, Check.instant(now, "now"))).importedAt;
    }

    /** The namespace's entries when first opened in this JVM. */
    Space opened(UUID namespace, String name, Instant now) {
        return new Space(name, now);
    }

    @Override
    public synchronized void record(UUID namespace, List<IdMapping> mappings) {
        Space space = space(namespace);
        for (IdMapping mapping : mappings) {
            if (space.put(mapping)) {
                changed(namespace, mapping);
            }
        }
        flush(namespace);
    }

    /** Called for each new or changed entry, before {@link #flush}. */
    void changed(UUID namespace, IdMapping mapping) {
    }

    /** Makes the entries recorded so far durable. */
    void flush(UUID namespace) {
    }

    @Override
    public Map<String, IdMapping> find(UUID namespace, String collection, Collection<String> legacyIds) {
        Map<String, IdMapping> entries = space(namespace).collections.getOrDefault(collection, Map.of());
        Map<String, IdMapping> found = new LinkedHashMap<>();
        for (String legacyId : legacyIds) {
            IdMapping mapping = entries.get(legacyId);
            if (mapping != null) {
                found.put(legacyId, mapping);
            }
        }
        return found;
    }

    @Override
    public long count(UUID namespace, String collection) {
        return space(namespace).collections.getOrDefault(collection, Map.of()).size();
    }

    private Space space(UUID namespace) {
        Space space = spaces.get(namespace);
        if (space == null) {
            throw new IdMappingException("namespace " + namespace + " was not opened", null, false);
        }
        return space;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "memory id mappings";
    }
}
