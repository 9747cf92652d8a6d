package dev.stowage.migration.legacy;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the legacy → new id mapping of legacy imports, per namespace: which UUIDv5 (and target
 * key) each legacy record got, so that references resolve, applications can translate old ids,
 * and the validation can tell a dangling reference from a good one. Ids are a pure function of
 * (namespace, collection, legacy id), so recording a mapping twice changes nothing: a rerun
 * writes nothing new. Implementations: {@link MemoryIdMappingStore} (tests),
 * {@link FileIdMappingStore} (one process), {@link PostgresIdMappingStore} (plain JDBC).
 * Thread-safe.
 */
public interface IdMappingStore extends AutoCloseable {

    /**
     * Opens a namespace, recording its name and first import time the first time.
     *
     * @param namespace the namespace
     * @param name      its name
     * @param now       the current time, kept if the namespace is new
     * @return when the namespace was first opened: the timestamp of records that declare none,
     *     the same on every rerun
     * @throws IdMappingException if the store cannot be read or written
     */
    Instant open(UUID namespace, String name, Instant now);

    /**
     * Records mappings (durably, before the records are imported). Entries the store holds
     * already, equal, are left alone.
     *
     * @param namespace the namespace
     * @param mappings  the entries
     * @throws IdMappingException if the store cannot be written
     */
    void record(UUID namespace, List<IdMapping> mappings);

    /**
     * @param namespace  the namespace
     * @param collection a source collection
     * @param legacyIds  legacy ids of its records
     * @return the entries held for those of them that were recorded, by legacy id
     * @throws IdMappingException if the store cannot be read
     */
    Map<String, IdMapping> find(UUID namespace, String collection, Collection<String> legacyIds);

    /**
     * @param namespace  the namespace
     * @param collection a source collection
     * @return how many of its records have an entry
     * @throws IdMappingException if the store cannot be read
     */
    long count(UUID namespace, String collection);

    /** Releases what the store holds (files, nothing of the application's DataSource). */
    @Override
    void close();
}
