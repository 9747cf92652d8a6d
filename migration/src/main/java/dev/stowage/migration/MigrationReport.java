package dev.stowage.migration;

import dev.stowage.migration.legacy.LegacyValidationReport;

import dev.stowage.support.Check;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a migration run, immutable: per kind of record and tenant, what was read,
 * written, skipped, rejected and redone, over every attempt of the run (partitions an earlier
 * attempt finished are counted too). {@link #toJson()} is for machines, {@link #toTable()} for people.
 *
 * @param runId             the run's id
 * @param dryRun            whether this was a dry run (nothing written; counts are what a copy would do)
 * @param source            the source's name
 * @param target            the target's name
 * @param startedAt         when this attempt started
 * @param duration          how long this attempt took
 * @param tenants           one line per kind of record and tenant, in plan order
 * @param estimatedDuration for a dry run, a rough estimate of a real copy's duration (the dry run's
 *                          own duration, plus as much again for the share of records it would write);
 *                          empty for a copy
 * @param validation        for a copy from a legacy source, the four validation layers; empty otherwise
 */
public record MigrationReport(String runId, boolean dryRun, String source, String target, Instant startedAt,
                              Duration duration, List<TenantReport> tenants, Optional<Duration> estimatedDuration,
                              Optional<LegacyValidationReport> validation) {

    /**
     * A report without legacy validation.
     *
     * @param runId             the run's id
     * @param dryRun            whether this was a dry run
     * @param source            the source's name
     * @param target            the target's name
     * @param startedAt         when this attempt started
     * @param duration          how long this attempt took
     * @param tenants           one line per kind of record and tenant
     * @param estimatedDuration for a dry run, the estimated duration of a copy
     */
    public MigrationReport(String runId, boolean dryRun, String source, String target, Instant startedAt,
                           Duration duration, List<TenantReport> tenants, Optional<Duration> estimatedDuration) {
        this(runId, dryRun, source, target, startedAt, duration, tenants, estimatedDuration, Optional.empty());
    }

    /**
     * Copies the lines into an unmodifiable list.
     */
    public MigrationReport {
        Check.required(runId, "runId");
        Check.required(source, "source");
        Check.required(target, "target");
        Check.required(startedAt, "startedAt");
        Check.required(duration, "duration");
        tenants = List.copyOf(Check.required(tenants, "tenants"));
        Check.required(estimatedDuration, "estimatedDuration");
        Check.required(validation, "validation");
    }

    /**
     * @param value a legacy import's validation
     * @return a copy of this report with it
     */
    public MigrationReport withValidation(LegacyValidationReport value) {
        return new MigrationReport(runId, dryRun, source, target, startedAt, duration, tenants, estimatedDuration,
                Optional.of(value));
    }

    /**
     * @param collection a legacy source collection
     * @return the sums over the collection's lines
     */
    public RecordCounts totals(String collection) {
        return tenants.stream().filter(line -> collection.equals(line.collection())).map(TenantReport::counts)
                .reduce(RecordCounts.ZERO, RecordCounts::plus);
    }

    /**
     * @return the sums over every line
     */
    public RecordCounts totals() {
        return tenants.stream().map(TenantReport::counts).reduce(RecordCounts.ZERO, RecordCounts::plus);
    }

    /**
     * @param store a store
     * @return the sums over the store's lines
     */
    public RecordCounts totals(StoreKind store) {
        return tenants.stream().filter(line -> line.store() == store).map(TenantReport::counts)
                .reduce(RecordCounts.ZERO, RecordCounts::plus);
    }

    /**
     * @param records a kind of record
     * @return the sums over the kind's lines
     */
    public RecordCounts totals(RecordKind records) {
        return tenants.stream().filter(line -> line.records() == records).map(TenantReport::counts)
                .reduce(RecordCounts.ZERO, RecordCounts::plus);
    }

    /**
     * @return whether every partition of every line is done
     */
    public boolean isComplete() {
        return tenants.stream().allMatch(TenantReport::complete);
    }

    /**
     * @return the report as JSON (format in the module README)
     */
    public String toJson() {
        return ReportFormat.json(this);
    }

    /**
     * @return the report as a plain-text table, one line per kind of record and tenant, and totals
     */
    public String toTable() {
        return ReportFormat.table(this);
    }
}
