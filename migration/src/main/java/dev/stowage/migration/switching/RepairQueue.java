package dev.stowage.migration.switching;

import dev.stowage.migration.StoreKind;

import java.util.List;

/**
 * The keys whose replication failed (or whose shadow read differed), until the
 * {@link Reconciler} has re-copied them. Durable implementations: {@link PostgresRepairQueue}
 * (shared by every instance) and {@link FileRepairQueue} (one instance); {@link MemoryRepairQueue}
 * for tests. A key queued twice is held once. Thread-safe.
 */
public interface RepairQueue extends AutoCloseable {

    /**
     * Queues a key; does nothing if it is queued already.
     *
     * @param key the key
     * @throws dev.stowage.exception.StoreException if the queue cannot record it (the switching
     *     backend then logs the key, so it is never dropped silently)
     */
    void add(RepairKey key);

    /**
     * @param store a store
     * @param limit at most this many, 1..10 000
     * @return the store's oldest queued keys, oldest first; they stay queued until {@link #remove}
     */
    List<RepairKey> peek(StoreKind store, int limit);

    /**
     * @param key a key that was re-copied; nothing happens if it is not queued
     */
    void remove(RepairKey key);

    /**
     * @param store a store
     * @return how many keys of the store are queued
     */
    long size(StoreKind store);

    /** Releases what the queue holds open. Idempotent; queued keys stay in a durable queue. */
    @Override
    default void close() {
    }
}
