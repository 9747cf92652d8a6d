package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.support.Check;

import java.time.Duration;

/**
 * What a run did with one kind of record of one tenant, over every attempt of the run.
 *
 * @param records    the kind of record (its store is {@link #store()})
 * @param tenant     the tenant
 * @param counts     read, written, skipped, rejected and redone
 * @param duration   worker time spent, summed over the kind's partitions and attempts (with
 *                   several workers the wall time is shorter)
 * @param partitions how many partitions the records were split into
 * @param complete   whether every partition is done
 * @param collection the legacy source collection the records were read from, or {@code null} when
 *                   the source is a backend
 */
public record TenantReport(RecordKind records, TenantId tenant, RecordCounts counts, Duration duration, int partitions,
                           boolean complete, String collection) {

    /**
     * A line of a backend-to-backend copy (no source collection).
     *
     * @param records    the kind of record
     * @param tenant     the tenant
     * @param counts     the counts
     * @param duration   worker time
     * @param partitions how many partitions
     * @param complete   whether every partition is done
     */
    public TenantReport(RecordKind records, TenantId tenant, RecordCounts counts, Duration duration, int partitions,
                        boolean complete) {
        this(records, tenant, counts, duration, partitions, complete, null);
    }

    /**
     * @throws dev.stowage.exception.ValidationException if a part is missing
     */
    public TenantReport {
        Check.required(records, "records");
        Check.required(tenant, "tenant");
        Check.required(counts, "counts");
        Check.required(duration, "duration");
    }

    /**
     * @return the store the records belong to
     */
    public StoreKind store() {
        return records.store();
    }
}
