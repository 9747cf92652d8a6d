package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountHistory;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.migration.legacy.CollectionMapping;
import dev.stowage.migration.legacy.MappedRecord;
import dev.stowage.migration.legacy.MappingFailure;
import dev.stowage.migration.legacy.MappingResult;
import dev.stowage.migration.legacy.RecordMapper;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.source.SourceRecord;
import dev.stowage.migration.source.UnreadableRecord;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One collection of a legacy source: read batch by batch from the source's opaque positions
 * (one partition per collection and tenant; the position is what the checkpoint keeps), each
 * record mapped to a contact, an account with its opening ledger or a credential; a record the
 * mapping refuses is handed on as unreadable (a reject with its field and raw value). Before a
 * batch is imported its id mappings are recorded, so a reference to an imported record always
 * resolves. A record the source returns twice in a batch is imported once; one returned again in
 * a later batch is skipped by the target's import (same id and version).
 */
final class LegacyCopier implements Copier<MappedRecord> {

    private final RecordSource source;
    private final CollectionMapping collection;
    private final RecordMapper mapper;
    private final LegacyInput input;
    private final Copier<Object> engine;

    @SuppressWarnings("unchecked")
    LegacyCopier(LegacyInput input, CollectionMapping collection, RecordMapper mapper) {
        this.input = input;
        this.source = input.source();
        this.collection = collection;
        this.mapper = mapper;
        this.engine = (Copier<Object>) CopyRun.COPIERS.stream().filter(c -> c.kind() == collection.records())
                .findFirst().orElseThrow();
    }

    @Override
    public RecordKind kind() {
        return collection.records();
    }

    @Override
    public String collection() {
        return collection.collection();
    }

    @Override
    public boolean owns(PartitionSpec partition) {
        return partition.id().equals(partitionId(partition.tenant()));
    }

    private String partitionId(TenantId tenant) {
        return kind().label() + "/" + tenant.value() + "/" + collection.collection();
    }

    @Override
    public long estimate(StoreBackend ignored, TenantId tenant) {
        return source.estimatedCount(collection.collection()).orElse(-1);
    }

    @Override
    public List<PartitionSpec> plan(StoreBackend ignored, TenantId tenant, int ranges, int batchSize) {
        return List.of(new PartitionSpec(partitionId(tenant), kind(), tenant, null, null));
    }

    @Override
    public ReadBatch<MappedRecord> read(StoreBackend ignored, PartitionSpec partition, String position, int limit) {
        int size = Math.min(limit, kind() == RecordKind.CREDIT_ACCOUNTS ? Check.MAX_PAGE_LIMIT : Check.MAX_BATCH_LIMIT);
        RecordBatch batch = source.read(collection.collection(), position, size);
        Map<String, MappedRecord> mapped = new LinkedHashMap<>();
        List<ReadBatch.Unreadable> unreadable = new ArrayList<>();
        for (SourceRecord record : batch.records()) {
            MappingResult result = mapper.map(record);
            if (result instanceof MappedRecord m) {
                mapped.remove(m.legacyId());
                mapped.put(m.legacyId(), m);
            } else {
                MappingFailure failure = (MappingFailure) result;
                unreadable.add(new ReadBatch.Unreadable(failure.legacyId(), failure.reason(), failure.json()));
            }
        }
        for (UnreadableRecord bad : batch.unreadable()) {
            unreadable.add(new ReadBatch.Unreadable(bad.location(), bad.reason(), unreadableJson(bad)));
        }
        return new ReadBatch<>(new ArrayList<>(mapped.values()), unreadable, batch.nextPosition(), batch.isLast());
    }

    /** A record the source could not read, as its reject: the raw text only where it cannot hold a secret. */
    private Map<String, Object> unreadableJson(UnreadableRecord bad) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("collection", bad.collection());
        json.put("location", bad.location());
        json.put("reason", bad.reason());
        if (collection.secrets().isEmpty() && collection.records() != RecordKind.CREDENTIALS) {
            json.put("raw", bad.raw());
        }
        return json;
    }

    @Override
    public ImportResult write(StoreBackend target, TenantId tenant, List<MappedRecord> records) {
        input.ids().record(mapper.namespace(), records.stream().map(MappedRecord::mapping).toList());
        return engine.write(target, tenant, records.stream().map(LegacyCopier::engineValue).toList());
    }

    @Override
    public Assessment<MappedRecord> assess(StoreBackend target, TenantId tenant, List<MappedRecord> records) {
        Map<Object, MappedRecord> byValue = new IdentityHashMap<>();
        List<Object> values = new ArrayList<>(records.size());
        for (MappedRecord record : records) {
            Object value = engineValue(record);
            byValue.put(value, record);
            values.add(value);
        }
        Assessment<Object> verdict = engine.assess(target, tenant, values);
        List<Map.Entry<MappedRecord, String>> rejected = verdict.rejected().stream()
                .map(e -> (Map.Entry<MappedRecord, String>) new AbstractMap.SimpleImmutableEntry<>(byValue.get(e.getKey()),
                        e.getValue())).toList();
        return new Assessment<>(verdict.written(), verdict.skipped(), rejected);
    }

    /**
     * The record as the engine's copier of its kind takes it: an account with its opening ledger
     * is one ledger slice from sequence 1, so it is written (and rerun) exactly as a copied account.
     */
    private static Object engineValue(MappedRecord record) {
        if (record.value() instanceof AccountHistory history) {
            return new CreditAccountCopier.LedgerSlice(history.account(), history.entries());
        }
        return record.value();
    }

    @Override
    public String key(MappedRecord record) {
        return record.legacyId();
    }

    @Override
    public Map<String, Object> json(MappedRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("collection", record.collection());
        json.put("legacyId", record.legacyId());
        json.put("id", record.id().toString());
        json.put("record", engine.json(engineValue(record)));
        return json;
    }

}
