package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.support.Check;

import java.util.List;

/**
 * The verification of one kind of records of one tenant (a row of the report's table).
 *
 * @param records          which records (credit accounts come with their ledgers); their store is
 *                         {@link #store()}
 * @param tenant           the tenant
 * @param state            VALIDATED, MISMATCHED or INCOMPLETE
 * @param sourceCount      records the source holds (that count as present, see
 *                         {@link Verification#expiryTolerance})
 * @param targetCount      records the target holds
 * @param mismatchCount    keys that differ, all of them
 * @param mismatches       the first of them, at most {@link Verification#maxReportedKeys}, in key order
 * @param incompleteReason why the records could not all be compared; {@code null} unless INCOMPLETE
 */
public record RecordsResult(RecordKind records, TenantId tenant, VerificationState state,
                            long sourceCount, long targetCount, long mismatchCount, List<Mismatch> mismatches,
                            String incompleteReason) {

    /**
     * @throws ValidationException naming the first missing or inconsistent component
     */
    public RecordsResult {
        Check.required(records, "records");
        Check.required(tenant, "tenant");
        Check.required(state, "state");
        Check.atLeast(sourceCount, "sourceCount", 0);
        Check.atLeast(targetCount, "targetCount", 0);
        Check.atLeast(mismatchCount, "mismatchCount", 0);
        mismatches = List.copyOf(Check.required(mismatches, "mismatches"));
        if (mismatches.size() > mismatchCount) {
            throw new ValidationException("mismatches", "at-most-count", "must not list more keys than mismatchCount");
        }
        if ((state == VerificationState.INCOMPLETE) != (incompleteReason != null)) {
            throw new ValidationException("incompleteReason", "iff-incomplete",
                    "must be given exactly when the state is INCOMPLETE");
        }
        if (state == VerificationState.VALIDATED && mismatchCount > 0) {
            throw new ValidationException("state", "consistent", "cannot be VALIDATED with mismatches");
        }
        if (state == VerificationState.MISMATCHED && mismatchCount == 0) {
            throw new ValidationException("state", "consistent", "cannot be MISMATCHED without mismatches");
        }
    }

    /**
     * @return the store the records belong to
     */
    public StoreKind store() {
        return records.store();
    }
}
