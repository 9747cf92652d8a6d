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
 */
public record TenantReport(RecordKind records, TenantId tenant, RecordCounts counts, Duration duration, int partitions,
                           boolean complete) {

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
