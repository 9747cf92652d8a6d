package dev.stowage.migration.legacy;

import dev.stowage.exception.ValidationException;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.source.SourceRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A legacy source held in lists, for tests: positions are indexes. With {@code repeats}, every batch
 * after the first starts again with the last record of the batch before, as Redis SCAN may return a
 * key twice.
 */
public final class ListSource implements RecordSource {

    private final Map<String, List<SourceRecord>> collections = new LinkedHashMap<>();
    private final boolean repeats;
    private final AtomicInteger reads = new AtomicInteger();

    /**
     * @param repeats whether batches repeat a record of the batch before
     */
    public ListSource(boolean repeats) {
        this.repeats = repeats;
    }

    /**
     * @param collection a collection
     * @param legacyId   a record's id
     * @param fields     its fields, as name/value pairs
     * @return this source
     */
    public ListSource add(String collection, String legacyId, Object... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            map.put((String) fields[i], fields[i + 1]);
        }
        collections.computeIfAbsent(collection, c -> new ArrayList<>())
                .add(new SourceRecord(collection, legacyId, map, "{\"_id\":\"" + legacyId + "\",\"raw\":true}"));
        return this;
    }

    /** @return how many batches were read */
    public int reads() {
        return reads.get();
    }

    @Override
    public String name() {
        return "list";
    }

    @Override
    public List<String> collections() {
        return List.copyOf(collections.keySet());
    }

    @Override
    public RecordBatch read(String collection, String afterPosition, int limit) {
        List<SourceRecord> records = collections.get(collection);
        if (records == null) {
            throw new ValidationException("collection", "known", "is not a collection of this source");
        }
        reads.incrementAndGet();
        int from = afterPosition == null ? 0 : Integer.parseInt(afterPosition);
        int start = repeats && from > 0 ? from - 1 : from;
        int end = Math.min(records.size(), from + limit);
        List<SourceRecord> batch = new ArrayList<>(records.subList(start, Math.max(start, end)));
        return new RecordBatch(batch, end >= records.size() ? null : Integer.toString(end));
    }

    @Override
    public OptionalLong estimatedCount(String collection) {
        return OptionalLong.of(collections.getOrDefault(collection, List.of()).size());
    }

    @Override
    public void close() {
    }
}
