package dev.stowage.migration.legacy;

import dev.stowage.migration.source.SourceRecord;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One source record as a mapping function sees it: its fields read through declared converters
 * (each conversion counted, each refusal a {@link ConversionException} naming the field), its new
 * id, and references to other collections' records resolved to their UUIDv5s. Field names may be
 * paths into nested objects ({@code "profile.city"}). An absent field and a {@code null} read as
 * {@code null} and are not converted; {@code required} refuses them. Not thread-safe; one per record.
 */
public final class FieldReader {

    /** The field name that reads the record's legacy id. */
    public static final String LEGACY_ID = "$legacyId";

    private final SourceRecord record;
    private final UUID id;
    private final UUID namespace;
    private final Instant importedAt;
    private final ConversionTally tally;
    private final List<Reference> references = new ArrayList<>();

    FieldReader(SourceRecord record, UUID namespace, Instant importedAt, ConversionTally tally) {
        this.record = record;
        this.namespace = namespace;
        this.id = LegacyIds.id(namespace, record.collection(), record.legacyId());
        this.importedAt = importedAt;
        this.tally = tally;
    }

    /** @return the record as the source read it */
    public SourceRecord record() {
        return record;
    }

    /** @return the record's id in the source */
    public String legacyId() {
        return record.legacyId();
    }

    /** @return the record's new id: {@link LegacyIds#id}{@code (namespace, collection, legacyId)} */
    public UUID id() {
        return id;
    }

    /** @return when this namespace was first imported: the timestamp of records that declare none */
    public Instant importedAt() {
        return importedAt;
    }

    /**
     * @param field a field name or a dotted path; {@value #LEGACY_ID} for the legacy id
     * @return the raw value, or {@code null} if absent
     */
    public Object raw(String field) {
        if (LEGACY_ID.equals(field)) {
            return record.legacyId();
        }
        Object value = record.fields().get(field);
        if (value != null || record.fields().containsKey(field) || field.indexOf('.') < 0) {
            return value;
        }
        Object current = record.fields();
        for (String part : field.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /**
     * @param field     a field name or path
     * @param converter how to read it
     * @param <T>       the converted type
     * @return the converted value, or {@code null} if the field is absent or {@code null}
     * @throws ConversionException if the converter refuses the value
     */
    public <T> T optional(String field, Converter<T> converter) {
        Object raw = raw(field);
        if (raw == null) {
            return null;
        }
        try {
            T value = converter.convert(field, raw);
            tally.converted(converter.name());
            return value;
        } catch (ConversionException e) {
            tally.failed(converter.name());
            throw e;
        }
    }

    /**
     * @param field     a field name or path
     * @param converter how to read it
     * @param <T>       the converted type
     * @return the converted value
     * @throws ConversionException if the field is absent (rule: the converter's name) or refused
     */
    public <T> T required(String field, Converter<T> converter) {
        if (raw(field) == null) {
            tally.failed(converter.name());
            throw new ConversionException(field, converter.name(), "is required but absent", null);
        }
        return optional(field, converter);
    }

    /** @param field a field @return it as text, or {@code null} @see Converters#text() */
    public String text(String field) {
        return optional(field, Converters.text());
    }

    /** @param field a field @return it as a whole number, or {@code null} @see Converters#integer() */
    public Long integer(String field) {
        return optional(field, Converters.integer());
    }

    /** @param field a field @return it as a boolean, or {@code null} @see Converters#bool() */
    public Boolean bool(String field) {
        return optional(field, Converters.bool());
    }

    /** @param field a field @param maxScale most decimals @return it as an exact decimal, or {@code null} */
    public BigDecimal decimal(String field, int maxScale) {
        return optional(field, Converters.decimal(maxScale));
    }

    /** @param field a field @return it read as epoch milliseconds, or {@code null} */
    public Instant epochMillis(String field) {
        return optional(field, Converters.epochMillis());
    }

    /** @param field a field @return it read as epoch seconds, or {@code null} */
    public Instant epochSeconds(String field) {
        return optional(field, Converters.epochSeconds());
    }

    /** @param field a field @return it read as an ISO-8601 instant, or {@code null} */
    public Instant isoInstant(String field) {
        return optional(field, Converters.isoInstant());
    }

    /** @param field a field @return it as a set of tags (empty if absent) */
    public Set<String> tags(String field) {
        Set<String> tags = optional(field, Converters.tags());
        return tags == null ? Set.of() : tags;
    }

    /** @param field a field @return it as a JSON object (empty if absent) */
    public Map<String, Object> object(String field) {
        Map<String, Object> object = optional(field, Converters.object());
        return object == null ? Map.of() : object;
    }

    /**
     * A reference to a record of a collection, read from a field.
     *
     * @param field      the field holding the referred record's legacy id (text or a number)
     * @param collection the collection referred to
     * @return the referred record's UUIDv5, or {@code null} if the field is absent
     */
    public UUID reference(String field, String collection) {
        String legacyId = optional(field, Converters.text());
        return legacyId == null ? null : referenceTo(field, collection, legacyId);
    }

    /**
     * A reference to a record of a collection, by legacy id.
     *
     * @param field      how the reference is named in reports
     * @param collection the collection referred to
     * @param legacyId   the referred record's legacy id
     * @return its UUIDv5
     */
    public UUID referenceTo(String field, String collection, String legacyId) {
        UUID target = LegacyIds.id(namespace, collection, legacyId);
        references.add(new Reference(field, collection, legacyId, target));
        return target;
    }

    List<Reference> references() {
        return List.copyOf(references);
    }
}
