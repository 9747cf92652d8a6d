package dev.stowage.migration.legacy;

import dev.stowage.migration.RecordKind;
import dev.stowage.migration.legacy.ConversionTally.ConversionCount;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.support.Check;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The four validation layers of a legacy import, computed after the copy by reading the source
 * again and mapping every record as the copy did:
 * <ol>
 *   <li><b>counts</b> per source collection: distinct records, mapped, rejected, found on the target, missing;</li>
 *   <li><b>field-level compare</b> of what each (sampled, or every) record maps to with what the target holds;</li>
 *   <li><b>referential integrity</b>: every record has its id mapping, every reference resolves through
 *       the mapping; dangling references are listed;</li>
 *   <li><b>type conversions</b>: counts per converter, and the refused values with their field and raw value.</li>
 * </ol>
 * Lists keep the first {@link #MAX_LISTED} items; the counts are complete.
 *
 * @param namespace   the run's namespace
 * @param comparison  which records were compared field by field
 * @param collections one line per source collection
 * @param differences the first field differences
 * @param dangling    the first dangling references
 * @param conversions per converter (in name order), values converted and refused
 * @param failures    the first records that could not be mapped, with the refused field and raw value
 */
public record LegacyValidationReport(UUID namespace, FieldComparison comparison, List<CollectionValidation> collections,
                                     List<FieldDifference> differences, List<DanglingReference> dangling,
                                     Map<String, ConversionCount> conversions, List<MappingFailure> failures) {

    /** The most items each list keeps. */
    public static final int MAX_LISTED = 100;

    /** Copies the lists. */
    public LegacyValidationReport {
        Check.required(namespace, "namespace");
        Check.required(comparison, "comparison");
        collections = List.copyOf(collections);
        differences = List.copyOf(differences);
        dangling = List.copyOf(dangling);
        conversions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(conversions));
        failures = List.copyOf(failures);
    }

    /**
     * @return {@code VALIDATED} when every source record is on the target as mapped, every reference
     *     resolves and no record was rejected; {@code MISMATCHED} otherwise
     */
    public VerificationState state() {
        boolean clean = collections.stream().allMatch(c -> c.missing() == 0 && c.rejected() == 0 && c.differing() == 0
                && c.dangling() == 0 && c.idMappings() == c.mapped());
        return clean ? VerificationState.VALIDATED : VerificationState.MISMATCHED;
    }

    /** @return the report as plain JSON values (maps, lists, strings, numbers), as embedded in the migration report */
    public Map<String, Object> toJsonTree() {
        return LegacyReportFormat.tree(this);
    }

    /** @return the report as JSON (format in the module README) */
    public String toJson() {
        return LegacyReportFormat.json(this);
    }

    /** @return the report as a plain-text table */
    public String toTable() {
        return LegacyReportFormat.table(this);
    }

    /**
     * One source collection's line.
     *
     * @param collection    the source collection
     * @param records       the kind of target record
     * @param sourceRecords distinct records the source holds (a record a source returns twice counts once)
     * @param mapped        records mapped (the others were rejected)
     * @param rejected      records that could not be mapped
     * @param onTarget      mapped records the target holds
     * @param missing       mapped records the target lacks
     * @param idMappings    mapped records with their entry in the id mapping store
     * @param compared      records compared field by field
     * @param differing     compared records with at least one differing field
     * @param references    references checked
     * @param dangling      references that do not resolve through the id mapping
     */
    public record CollectionValidation(String collection, RecordKind records, long sourceRecords, long mapped,
                                       long rejected, long onTarget, long missing, long idMappings, long compared,
                                       long differing, long references, long dangling) {
    }

    /**
     * A field whose target value differs from what its source record maps to. Values follow the
     * verification report's rules: identity and bookkeeping shown, content {@code <hidden>},
     * secrets {@code ***}, no value {@code <none>}, no record {@code <absent>}.
     *
     * @param collection the source collection
     * @param legacyId   the record's legacy id
     * @param field      the target field
     * @param source     the value the source record maps to
     * @param target     the value the target holds
     */
    public record FieldDifference(String collection, String legacyId, String field, String source, String target) {
    }

    /**
     * A reference that does not resolve: the record it names was never imported (it is not in the
     * source, or it was rejected).
     *
     * @param collection   the referring record's collection
     * @param legacyId     the referring record's legacy id
     * @param field        the field holding the reference
     * @param toCollection the collection referred to
     * @param toLegacyId   the legacy id referred to
     */
    public record DanglingReference(String collection, String legacyId, String field, String toCollection,
                                    String toLegacyId) {
    }
}
