package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;

/**
 * How far the verification of one kind of records of one tenant has come.
 *
 * @param records    which records
 * @param tenant     the tenant
 * @param sourceRead records read from the source so far, expired ones included
 * @param targetRead records read from the target so far, expired ones included
 * @param mismatches mismatching keys found so far
 */
public record VerificationProgress(RecordKind records, TenantId tenant, long sourceRead,
                                   long targetRead, long mismatches) {
}
