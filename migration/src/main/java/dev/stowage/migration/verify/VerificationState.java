package dev.stowage.migration.verify;

/**
 * The outcome of verifying one set of records, a store or a whole run. Ordered from best to
 * worst; a store or a run takes the worst state of its parts, so only an all-{@link #VALIDATED}
 * run passes a gate.
 */
public enum VerificationState {
    /** Every record was read on both sides and all of them are equal. */
    VALIDATED,
    /** Everything was read and at least one record differs, is missing, or breaks an invariant. */
    MISMATCHED,
    /**
     * Not everything could be compared: a side could not be read (an exception, a scan out of
     * order) or the run was stopped. Counts are partial; mismatches found so far are still listed.
     */
    INCOMPLETE;

    /**
     * @param other another state
     * @return the worse of the two
     */
    public VerificationState worst(VerificationState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
