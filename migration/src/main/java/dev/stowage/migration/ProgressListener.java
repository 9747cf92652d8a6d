package dev.stowage.migration;

/**
 * Told about a migration's progress after every committed batch, one store at a time. Calls are
 * made one at a time (never concurrently), from the worker that committed the batch, so a
 * listener needs no locking but should return quickly. An exception thrown by a listener is
 * ignored: a progress display never fails a copy.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores every event. */
    ProgressListener NONE = event -> { };

    /**
     * @param event the store's totals so far
     */
    void progress(ProgressEvent event);
}
