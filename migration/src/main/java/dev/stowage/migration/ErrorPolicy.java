package dev.stowage.migration;

/**
 * What a migration does with a record that cannot be copied (it fails the target's validation,
 * clashes with a unique key on the target, or is a ledger that breaks its invariant).
 * Infrastructure failures (a server down, a timeout) are retried a few times and then fail the
 * run under either policy: they say nothing about the record.
 */
public enum ErrorPolicy {
    /** The default: the run stops at the first bad record with a {@link MigrationException} naming it. */
    STOP,
    /**
     * The bad record is handed to the {@link RejectSink}, counted as rejected in the report, and
     * the copy goes on. A rejected record is never partly written: a ledger is rejected whole.
     */
    SKIP_AND_RECORD
}
