package dev.stowage.migration.source;

import dev.stowage.support.Check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One legacy record as its source holds it, before any mapping or conversion.
 *
 * <p>Field values are what the source really stored, never guessed: {@code null}, {@link String},
 * {@link Long}, {@link java.math.BigDecimal} (exact decimals and floating-point numbers alike),
 * {@link Boolean}, {@code byte[]}, {@link java.time.Instant} (only when the source itself typed the
 * value as a date, as mongoexport's {@code $date} does), {@link java.util.List} and nested
 * {@link Map}s of the same. A mongoexport {@code $oid} is its 24-character hex string. Converters
 * of the mapping decide what a value means and reject what they cannot convert.
 *
 * @param collection the collection it was read from
 * @param legacyId   the record's id in the source (an ObjectId's hex, a key's suffix, a primary key), not blank
 * @param fields     the fields in the source's order
 * @param raw        the record as the source holds it (a JSON line, a hash, a row rendered as JSON), for reject files
 */
public record SourceRecord(String collection, String legacyId, Map<String, Object> fields, String raw) {

    /** Checks the names and copies the fields, keeping their order (values may be {@code null}). */
    public SourceRecord {
        Check.required(collection, "collection");
        Check.required(legacyId, "legacyId");
        if (legacyId.isBlank()) {
            throw new dev.stowage.exception.ValidationException("legacyId", "not-blank", "must not be blank");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Check.required(fields, "fields")));
        Check.required(raw, "raw");
    }
}
