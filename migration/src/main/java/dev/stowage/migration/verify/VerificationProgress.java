package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.migration.StoreKind;

/**
 * How far the verification of one kind of records of one tenant has come.
 *
 * @param store      the store
 * @param records    which records (see {@link RecordsResult#records})
 * @param tenant     the tenant
 * @param sourceRead records read from the source so far, expired ones included
 * @param targetRead records read from the target so far, expired ones included
 * @param mismatches mismatching keys found so far
 */
public record VerificationProgress(StoreKind store, String records, TenantId tenant, long sourceRead,
                                   long targetRead, long mismatches) {
}
