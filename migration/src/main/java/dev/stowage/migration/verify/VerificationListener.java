package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;

/**
 * Follows a verification as it runs. Called on the thread that runs it; a listener that throws
 * ends the run with that exception. Every method does nothing by default.
 */
public interface VerificationListener {

    /** A listener that ignores everything. */
    VerificationListener NONE = new VerificationListener() {
    };

    /**
     * The verification of one kind of records of one tenant starts.
     *
     * @param records which records (and so which store)
     * @param tenant  the tenant
     */
    default void started(RecordKind records, TenantId tenant) {
    }

    /**
     * Sent after every page's worth of keys, and once at the end of each kind of records.
     *
     * @param progress how far it has come
     */
    default void progress(VerificationProgress progress) {
    }

    /**
     * The verification of one kind of records of one tenant has ended (in any state).
     *
     * @param result its result, as it will appear in the report
     */
    default void finished(RecordsResult result) {
    }
}
