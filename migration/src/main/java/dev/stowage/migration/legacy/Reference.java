package dev.stowage.migration.legacy;

import java.util.UUID;

/**
 * A reference from a mapped record to a record of another (or the same) collection, by legacy id.
 *
 * @param field      the source field holding it
 * @param collection the collection referred to
 * @param legacyId   the legacy id referred to
 * @param id         the UUIDv5 the referred record has (or would have)
 */
public record Reference(String field, String collection, String legacyId, UUID id) {
}
