package dev.stowage.migration.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.contact.Contact;
import dev.stowage.credit.AccountHistory;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.source.SourceRecord;
import dev.stowage.support.Check;
import dev.stowage.token.Credential;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a {@link LegacyMapping} to source records: the same record gives the same result on
 * every run (ids are UUIDv5s in the namespace, missing timestamps are the namespace's import
 * time). Used by the migration for every record it copies and by the validation to recompute
 * what the target should hold; usable on its own to preview a mapping. Thread-safe.
 */
public final class RecordMapper {

    /** What a masked secret reads as. */
    public static final String MASK = "***";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LegacyMapping mapping;
    private final UUID namespace;
    private final Instant importedAt;

    /**
     * @param mapping    the mapping
     * @param namespace  the run's namespace ({@link LegacyIds#namespace})
     * @param importedAt the timestamp of records that declare none (the namespace's first import,
     *                   as {@link IdMappingStore#open} keeps it)
     */
    public RecordMapper(LegacyMapping mapping, UUID namespace, Instant importedAt) {
        this.mapping = Check.required(mapping, "mapping");
        this.namespace = Check.required(namespace, "namespace");
        this.importedAt = Check.instant(importedAt, "importedAt");
    }

    /** @return the run's namespace */
    public UUID namespace() {
        return namespace;
    }

    /** @return the mapping */
    public LegacyMapping mapping() {
        return mapping;
    }

    /**
     * @param record a record of a mapped collection
     * @return the mapped record, or why it cannot be mapped
     * @throws ValidationException {@code field "collection"} if its collection is not mapped
     */
    public MappingResult map(SourceRecord record) {
        return map(record, new ConversionTally());
    }

    /**
     * @param record a record of a mapped collection
     * @param tally  where the conversions are counted
     * @return the mapped record, or why it cannot be mapped
     * @throws ValidationException {@code field "collection"} if its collection is not mapped
     */
    public MappingResult map(SourceRecord record, ConversionTally tally) {
        Check.required(record, "record");
        CollectionMapping collection = mapping.collection(record.collection()).orElseThrow(() ->
                new ValidationException("collection", "mapped", "is not mapped"));
        FieldReader fields = new FieldReader(record, namespace, importedAt, tally);
        try {
            Object mapped = collection.function().map(fields);
            Check.required(mapped, "function result");
            return build(collection.records(), fields, mapped);
        } catch (ConversionException e) {
            return failure(collection, record, e.field(), e.converter(), e.rawValue(), e);
        } catch (ValidationException e) {
            return failure(collection, record, e.field(), e.rule(), null, e);
        }
    }

    private MappedRecord build(RecordKind kind, FieldReader fields, Object mapped) {
        SourceRecord record = fields.record();
        UUID id = fields.id();
        List<Reference> references = fields.references();
        switch (kind) {
            case CONTACTS -> {
                LegacyContact legacy = expect(mapped, LegacyContact.class, kind);
                Instant created = legacy.createdAt() == null ? importedAt : legacy.createdAt();
                Instant updated = legacy.updatedAt() == null ? created : legacy.updatedAt();
                Contact contact = Contact.of(id, legacy.draft(), created, updated, 1);
                return new MappedRecord(record.collection(), record.legacyId(), id, kind, contact, id.toString(),
                        references);
            }
            case CREDIT_ACCOUNTS -> {
                LegacyAccount legacy = expect(mapped, LegacyAccount.class, kind);
                Instant created = legacy.createdAt() == null ? importedAt : Check.instant(legacy.createdAt(), "createdAt");
                AccountHistory history = OpeningLedger.of(id, record.collection(), record.legacyId(), legacy, created);
                return new MappedRecord(record.collection(), record.legacyId(), id, kind, history, legacy.accountId(),
                        references);
            }
            case CREDENTIALS -> {
                LegacyCredential legacy = expect(mapped, LegacyCredential.class, kind);
                Instant created = legacy.createdAt() == null ? importedAt : legacy.createdAt();
                Instant updated = legacy.updatedAt() == null ? created : legacy.updatedAt();
                Credential credential = Credential.of(legacy.draft(), created, updated);
                return new MappedRecord(record.collection(), record.legacyId(), id, kind, credential,
                        credentialKey(credential.subject(), credential.provider()), references);
            }
            default -> throw new ValidationException("records", "legacy-kind", "cannot be mapped from a legacy source");
        }
    }

    /**
     * @param subject  a credential's subject
     * @param provider its provider
     * @return its key as the migration writes it: {@code ["subject","provider"]}
     */
    public static String credentialKey(String subject, String provider) {
        try {
            return JSON.writeValueAsString(List.of(subject, provider));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("two strings always encode", e);
        }
    }

    private static <T> T expect(Object mapped, Class<T> type, RecordKind kind) {
        if (!type.isInstance(mapped)) {
            throw new ValidationException("function", "result-type", "must return a " + type.getSimpleName()
                    + " for a " + kind.label() + " collection");
        }
        return type.cast(mapped);
    }

    private static MappingFailure failure(CollectionMapping collection, SourceRecord record, String field, String rule,
                                          Object raw, ValidationException e) {
        Set<String> secrets = collection.secrets();
        boolean secret = isSecret(field, secrets);
        Object rawValue = raw == null ? null : secret ? MASK : Converters.plain(raw);
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("collection", record.collection());
        json.put("legacyId", record.legacyId());
        json.put("field", field);
        json.put(e instanceof ConversionException ? "converter" : "rule", rule);
        json.put("rawValue", rawValue);
        json.put("fields", masked(record.fields(), secrets));
        if (secrets.isEmpty() && collection.records() != RecordKind.CREDENTIALS) {
            json.put("raw", record.raw());
        }
        return new MappingFailure(record.collection(), record.legacyId(), field, rule, rawValue, reason, json);
    }

    private static boolean isSecret(String field, Set<String> secrets) {
        if (field == null) {
            return false;
        }
        int dot = field.indexOf('.');
        return secrets.contains(field) || (dot > 0 && secrets.contains(field.substring(0, dot)));
    }

    private static Map<String, Object> masked(Map<String, Object> fields, Set<String> secrets) {
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((name, value) -> copy.put(name, secrets.contains(name) && value != null ? MASK
                : Converters.plain(value)));
        return copy;
    }
}
