package dev.stowage.migration.verify;

/**
 * How a record differs between source and target.
 */
public enum MismatchKind {
    /** The source holds the record and the target does not (or only an expired one). */
    MISSING_ON_TARGET,
    /** The target holds a record the source does not (or only an expired one). */
    MISSING_ON_SOURCE,
    /** Both hold the record and at least one field differs. */
    DIFFERENT,
    /**
     * Both hold the record with equal fields, but one side (or both) breaks an invariant of its
     * store, such as a credit account whose balance is not the sum of its ledger.
     */
    INVALID
}
