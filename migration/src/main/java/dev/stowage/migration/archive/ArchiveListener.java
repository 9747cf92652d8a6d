package dev.stowage.migration.archive;

import dev.stowage.migration.RecordKind;

/**
 * Told about an export's or import's progress, from the thread that runs it, after every batch.
 * An exception it throws is ignored.
 */
@FunctionalInterface
public interface ArchiveListener {

    /** A listener that ignores everything. */
    ArchiveListener NONE = (records, done, fraction) -> { };

    /**
     * @param records  the kind of records of the last batch
     * @param done     records processed so far, all kinds together
     * @param fraction the share of the work done, 0..1, or a negative value when unknown (an
     *                 export does not count its source first)
     */
    void progress(RecordKind records, long done, double fraction);
}
