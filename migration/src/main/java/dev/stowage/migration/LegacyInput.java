package dev.stowage.migration;

import dev.stowage.migration.legacy.FieldComparison;
import dev.stowage.migration.legacy.IdMappingStore;
import dev.stowage.migration.legacy.LegacyMapping;
import dev.stowage.migration.source.RecordSource;

import java.time.Clock;

/**
 * What a migration from a legacy source adds to its settings.
 *
 * @param source     the legacy source (not closed by the migration)
 * @param mapping    how its collections map to target records
 * @param ids        where the legacy → new id mapping is kept
 * @param comparison which records the validation compares field by field
 * @param validate   whether to validate after the copy
 * @param clock      the clock of a new namespace's import time
 */
record LegacyInput(RecordSource source, LegacyMapping mapping, IdMappingStore ids, FieldComparison comparison,
                   boolean validate, Clock clock) {

    /**
     * @param runId the run's id
     * @return the namespace's name: the mapping's, or the run id
     */
    String namespaceName(String runId) {
        return mapping.namespace().orElse(runId);
    }
}
