package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.migration.legacy.CollectionMapping;
import dev.stowage.migration.legacy.LegacyIds;
import dev.stowage.migration.legacy.LegacyValidation;
import dev.stowage.migration.legacy.LegacyValidationReport;
import dev.stowage.migration.legacy.RecordMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A migration from a legacy source: opens the run's namespace in the id mapping store (which
 * fixes the import time of records that declare no timestamps, for every rerun), runs the engine
 * with one {@link LegacyCopier} per mapped collection, then validates the result in four layers.
 */
final class LegacyRun {

    private LegacyRun() {
    }

    static MigrationReport run(MigrationSettings settings) {
        LegacyInput legacy = settings.legacy();
        String name = legacy.namespaceName(settings.runId());
        UUID namespace = LegacyIds.namespace(name);
        Instant now = legacy.clock().instant().truncatedTo(ChronoUnit.MICROS);
        Instant importedAt;
        try {
            // A dry run writes nothing, not even the namespace; its records take the current time.
            importedAt = settings.dryRun() ? now : Retry.call(() -> legacy.ids().open(namespace, name, now), () -> false);
        } catch (RuntimeException e) {
            throw new MigrationException("could not open the id mapping namespace '" + name + "' in " + legacy.ids()
                    + ": " + e.getMessage(), null, null, null, e);
        }
        RecordMapper mapper = new RecordMapper(legacy.mapping(), namespace, importedAt);
        List<CollectionMapping> collections = collections(settings);
        List<Copier<?>> copiers = new ArrayList<>();
        collections.forEach(c -> copiers.add(new LegacyCopier(legacy, c, mapper)));
        MigrationReport report = new CopyRun(settings, copiers).run();
        if (settings.dryRun() || !legacy.validate()) {
            return report;
        }
        TenantId tenant = settings.tenants() == null ? TenantId.DEFAULT : settings.tenants().get(0);
        LegacyValidationReport validation;
        try {
            validation = new LegacyValidation(legacy.source(), mapper, legacy.ids(),
                    kind -> settings.target().backend(kind.store()), tenant, legacy.comparison()).run(collections);
        } catch (RuntimeException e) {
            throw new MigrationException("the copy of run '" + settings.runId() + "' is done, but its validation "
                    + "failed: " + e.getMessage() + "; rerun to validate again", null, tenant, null, e);
        }
        return report.withValidation(validation);
    }

    /** The mapped collections of the stores the run copies. */
    static List<CollectionMapping> collections(MigrationSettings settings) {
        return settings.legacy().mapping().collections().stream()
                .filter(c -> settings.stores().contains(c.records().store())).toList();
    }
}
