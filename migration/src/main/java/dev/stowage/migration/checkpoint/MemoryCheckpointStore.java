package dev.stowage.migration.checkpoint;

import java.util.Optional;

/**
 * Checkpoints kept in this JVM's memory: a run resumes across {@code run()} calls of one process
 * (tests, a retry loop) and is forgotten when the JVM exits. The default of a migration that is
 * given no checkpoint store, so every such run starts from the beginning.
 */
public final class MemoryCheckpointStore extends LocalCheckpointStore {

    /**
     * Creates an empty store.
     */
    public MemoryCheckpointStore() {
    }

    @Override
    Optional<RunState> load(String runId) {
        return Optional.empty();
    }

    @Override
    void persist(RunState state) {
        // Memory is the storage.
    }

    @Override
    public String toString() {
        return "MemoryCheckpointStore";
    }
}
