package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.spi.StoreBackend;

import java.util.List;
import java.util.Map;

/**
 * How one kind of record is read, written and checked through the public SPI. The engine does
 * everything else (partitions, queues, checkpoints, retries, rejects, progress) the same way for
 * every kind, so a new kind of record is one more implementation of this interface.
 *
 * @param <T> the record type
 */
interface Copier<T> {

    /**
     * @return the kind of record copied
     */
    RecordKind kind();

    /**
     * @param source the source's backend for this kind's store
     * @param tenant a tenant
     * @return a cheap estimate of how many records the tenant holds, or -1 if the SPI has no cheap count
     *         (the default)
     */
    default long estimate(StoreBackend source, TenantId tenant) {
        return -1;
    }

    /**
     * @param source    the source's backend for this kind's store
     * @param tenant    a tenant
     * @param ranges    how many key ranges to split a large tenant into
     * @param batchSize the run's batch size
     * @return disjoint partitions covering every key of the tenant; by default one partition for the
     *         whole tenant, for kinds whose SPI has no cheap count to size key ranges with
     */
    default List<PartitionSpec> plan(StoreBackend source, TenantId tenant, int ranges, int batchSize) {
        return List.of(PartitionSpec.whole(kind(), tenant));
    }

    /**
     * Reads the next batch of a partition.
     *
     * @param source    the source's backend for this kind's store
     * @param partition the partition
     * @param position  the key of the last record already processed, or {@code null} to start at the lower bound
     * @param limit     the batch size
     * @return the records (and those the source holds but that cannot be copied)
     */
    ReadBatch<T> read(StoreBackend source, PartitionSpec partition, String position, int limit);

    /**
     * Writes records with the target's bulk import (atomic per call; never overwrites newer data).
     *
     * @param target  the target's backend for this kind's store
     * @param tenant  the tenant
     * @param records the records
     * @return what the target did
     */
    ImportResult write(StoreBackend target, TenantId tenant, List<T> records);

    /**
     * For a dry run: checks the records as the target would and finds out, by reading the target,
     * what an import would do. Writes nothing.
     *
     * @param target  the target's backend for this kind's store
     * @param tenant  the tenant
     * @param records the records
     * @return what the import would do
     */
    Assessment<T> assess(StoreBackend target, TenantId tenant, List<T> records);

    /**
     * For a live source (a backfill while the application writes to both stores): brings the
     * target's copy of a record written from a batch back to what the source holds now, once the
     * source's scan no longer shows it: re-imported if it is still there, deleted from the target
     * if the source deleted it after the batch was read. Without this a delete that ran between
     * the read and the import (and whose replication found nothing to delete yet) would leave the
     * record on the target for good. By default nothing: kinds the application never deletes.
     *
     * @param source the source's backend for this kind's store
     * @param target the target's backend for this kind's store
     * @param tenant the tenant
     * @param record a record of the batch just written
     */
    default void recopy(StoreBackend source, StoreBackend target, TenantId tenant, T record) {
    }

    /**
     * @param partition a partition of the run
     * @return whether this copier copies it (by default: the partitions of its kind)
     */
    default boolean owns(PartitionSpec partition) {
        return partition.records() == kind();
    }

    /**
     * @return the legacy source collection this copier reads, named in the report; {@code null}
     *     (the default) when it reads a backend
     */
    default String collection() {
        return null;
    }

    /**
     * @param record a record
     * @return its key as text (also its position in a partition)
     */
    String key(T record);

    /**
     * @param record a record
     * @return the record as a JSON object for the reject sink, secrets masked
     */
    Map<String, Object> json(T record);

    /**
     * A dry run's verdict on a batch.
     *
     * @param written  records the import would insert or replace
     * @param skipped  records it would leave alone
     * @param rejected records it would refuse, with the reason
     * @param <T>      the record type
     */
    record Assessment<T>(long written, long skipped, List<Map.Entry<T, String>> rejected) {
    }
}
