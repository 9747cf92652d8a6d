package dev.stowage.migration.legacy;

/**
 * A mapping in code: reads one source record through its {@link FieldReader} (whose converters
 * refuse what they cannot convert) and builds what the target gets.
 *
 * @param <T> {@link LegacyContact}, {@link LegacyAccount} or {@link LegacyCredential}
 */
@FunctionalInterface
public interface RecordFunction<T> {

    /**
     * @param fields the record's fields, converters and references
     * @return the mapped value
     * @throws dev.stowage.exception.ValidationException (a {@link ConversionException} from a converter)
     *     if the record cannot be mapped; it becomes a reject
     */
    T map(FieldReader fields);
}
