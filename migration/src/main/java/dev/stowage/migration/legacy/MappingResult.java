package dev.stowage.migration.legacy;

/**
 * What mapping one source record gave: a {@link MappedRecord} or a {@link MappingFailure}.
 */
public sealed interface MappingResult permits MappedRecord, MappingFailure {

    /** @return the source collection */
    String collection();

    /** @return the record's legacy id */
    String legacyId();
}
