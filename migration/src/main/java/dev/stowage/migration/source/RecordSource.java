package dev.stowage.migration.source;

import java.util.List;
import java.util.OptionalLong;

/**
 * A system that is not a Stowage backend, read as collections of legacy records (a mongoexport
 * file, a KV key pattern, a SQLite table) so the migration engine can copy it into any backend.
 *
 * <p>Reads are positional and resumable: {@link #read} continues after an opaque position that a
 * previous batch returned, so a checkpointed run restarts where it stopped. A source may return a
 * record twice (Redis SCAN does); the engine's mapping to deterministic ids makes that harmless.
 * Implementations must be safe for use by one reader thread per collection at a time and must
 * release everything they hold on {@link #close()}.
 */
public interface RecordSource extends AutoCloseable {

    /**
     * @return a short description for reports and logs, free of secrets (e.g. {@code mongoexport:contacts.json.gz})
     */
    String name();

    /**
     * @return the collections (files, key patterns, tables) this source offers, in a stable order
     */
    List<String> collections();

    /**
     * Reads the next records of a collection.
     *
     * @param collection    one of {@link #collections()}
     * @param afterPosition the {@link RecordBatch#nextPosition()} of the previous batch, or {@code null} to start
     * @param limit         the most records to return, at least 1
     * @return the records read and the position to continue from
     * @throws dev.stowage.exception.ValidationException if the collection is unknown or the position is not one this source wrote
     * @throws dev.stowage.exception.StoreUnavailableException if the source cannot be read
     */
    RecordBatch read(String collection, String afterPosition, int limit);

    /**
     * @param collection one of {@link #collections()}
     * @return a cheap estimate of how many records the collection holds, for progress, or empty
     */
    OptionalLong estimatedCount(String collection);

    /** Releases files, connections and statements held by this source. */
    @Override
    void close();
}
