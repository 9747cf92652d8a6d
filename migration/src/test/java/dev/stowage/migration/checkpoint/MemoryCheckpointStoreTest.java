package dev.stowage.migration.checkpoint;

/**
 * The contract on the memory store; "another process" is another look at the same store.
 */
class MemoryCheckpointStoreTest extends CheckpointStoreContract {

    private MemoryCheckpointStore shared;

    @Override
    CheckpointStore newStore() {
        shared = new MemoryCheckpointStore();
        return shared;
    }

    @Override
    CheckpointStore sameStorage() {
        return shared;
    }
}
