package dev.stowage.migration.legacy;

import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;

import java.util.Set;

/**
 * How one source collection maps to one kind of target record.
 *
 * @param collection the source collection's name, as {@link dev.stowage.migration.source.RecordSource#collections()} gives it
 * @param records    the kind of target record
 * @param function   the mapping: returns a {@link LegacyContact}, {@link LegacyAccount} or {@link LegacyCredential}
 *                   as {@code records} says
 * @param secrets    source fields whose values are secrets: masked in rejects and reports
 */
public record CollectionMapping(String collection, RecordKind records, RecordFunction<?> function, Set<String> secrets) {

    /** Checks the parts and copies the secrets. */
    public CollectionMapping {
        Check.requiredText(collection, "collection", 200);
        Check.required(records, "records");
        Check.required(function, "function");
        secrets = Set.copyOf(Check.required(secrets, "secrets"));
    }
}
