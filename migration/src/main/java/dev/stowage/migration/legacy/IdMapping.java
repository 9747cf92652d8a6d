package dev.stowage.migration.legacy;

import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;

import java.util.UUID;

/**
 * One legacy record's entry in an {@link IdMappingStore}: where it went.
 *
 * @param collection the source collection
 * @param legacyId   the record's id in the source
 * @param id         its UUIDv5
 * @param records    the kind of target record
 * @param targetKey  the target record's key (contact id, account id, or {@code ["subject","provider"]})
 */
public record IdMapping(String collection, String legacyId, UUID id, RecordKind records, String targetKey) {

    /** Checks that every part is there. */
    public IdMapping {
        Check.required(collection, "collection");
        Check.required(legacyId, "legacyId");
        Check.required(id, "id");
        Check.required(records, "records");
        Check.required(targetKey, "targetKey");
    }
}
