package dev.stowage.migration.legacy;

import dev.stowage.exception.ValidationException;

import java.util.UUID;

/**
 * Which records the validation compares field by field with the target: all, none, or a sample
 * chosen by a seed. The sample depends only on the seed and the records' (collection, legacy id),
 * not on the order they are read in, so the same seed picks the same records on every run.
 *
 * @param fraction the share of records compared, 0..1
 * @param seed     the seed of the sample
 */
public record FieldComparison(double fraction, long seed) {

    /**
     * @throws ValidationException {@code field "fraction"} unless it is within 0..1
     */
    public FieldComparison {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new ValidationException("fraction", "range", "must be between 0 and 1");
        }
    }

    /** @return every record compared */
    public static FieldComparison full() {
        return new FieldComparison(1, 0);
    }

    /** @return no record compared (counts, references and conversions are still checked) */
    public static FieldComparison none() {
        return new FieldComparison(0, 0);
    }

    /**
     * @param fraction the share of records to compare, 0..1
     * @param seed     the seed
     * @return a sample
     */
    public static FieldComparison sampled(double fraction, long seed) {
        return new FieldComparison(fraction, seed);
    }

    /**
     * @param collection a collection
     * @param legacyId   a record's legacy id
     * @return whether the record is compared: the first 64 bits of
     *     {@code uuid5(UUID(seed, seed), collection + "\n" + legacyId)}, as an unsigned fraction of
     *     2<sup>64</sup>, are below {@link #fraction()}
     */
    public boolean selects(String collection, String legacyId) {
        if (fraction >= 1) {
            return true;
        }
        if (fraction <= 0) {
            return false;
        }
        long bits = LegacyIds.uuid5(new UUID(seed, seed), collection + "\n" + legacyId).getMostSignificantBits();
        double unit = (bits >>> 11) / (double) (1L << 53);
        return unit < fraction;
    }
}
