package dev.stowage.migration.legacy;

import java.util.Map;

/**
 * A source record that could not be mapped: a converter refused a value, or the mapped value broke
 * a rule of the model (an invalid email, totals that do not add up). It becomes a reject.
 *
 * @param collection the source collection
 * @param legacyId   the record's id in the source
 * @param field      the source field a converter refused, or the target field whose rule was broken
 * @param rule       the converter's name, or the model's rule
 * @param rawValue   the refused raw value ({@code null} if the field was absent or the failure is not a conversion;
 *                   {@code "***"} for a secret field)
 * @param reason     why, as the reject file records it (never the value)
 * @param json       the reject's record: collection, legacy id, field, converter, raw value and the source record
 *                   (secret fields masked; the raw text left out when the collection has secrets)
 */
public record MappingFailure(String collection, String legacyId, String field, String rule, Object rawValue,
                             String reason, Map<String, Object> json) implements MappingResult {

    /** @return whether a converter refused a value (rather than the model refusing the result) */
    public boolean isConversion() {
        return reason.startsWith(ConversionException.class.getSimpleName());
    }
}
