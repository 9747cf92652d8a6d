package dev.stowage.migration.checkpoint;

import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;

/**
 * One unit of work of a run: the records of one kind and tenant whose keys lie in
 * {@code [lowerBound, upperBound)}. Partitions of a run are disjoint and together cover every
 * key. Bounds are in the kind's key text (a contact id in canonical UUID form); {@code null}
 * means unbounded. Fixed when the run is created, so a resumed run splits the work identically.
 *
 * @param id         unique within the run, for example {@code "contacts/acme/3"}
 * @param records    the kind of record
 * @param tenant     the tenant
 * @param lowerBound the smallest key of the partition (inclusive), or {@code null} for the first key
 * @param upperBound the first key after the partition (exclusive), or {@code null} for no end
 */
public record PartitionSpec(String id, RecordKind records, TenantId tenant, String lowerBound, String upperBound) {

    /**
     * @throws dev.stowage.exception.ValidationException if id, records or tenant is missing
     */
    public PartitionSpec {
        Check.requiredText(id, "id", 300);
        Check.required(records, "records");
        Check.required(tenant, "tenant");
    }

    /**
     * @param records the kind of record
     * @param tenant  the tenant
     * @return the only partition of a kind and tenant that is not split: every key
     */
    public static PartitionSpec whole(RecordKind records, TenantId tenant) {
        return new PartitionSpec(records.label() + "/" + tenant.value(), records, tenant, null, null);
    }

    /**
     * @return the (kind, tenant) group the partition belongs to, as {@code "contacts/acme"}
     */
    public String group() {
        return records.label() + "/" + tenant.value();
    }
}
