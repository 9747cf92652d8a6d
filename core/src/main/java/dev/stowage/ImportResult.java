package dev.stowage;

/**
 * What a bulk import did with each record it was given.
 *
 * @param inserted records that did not exist and were written
 * @param updated  records that existed with an older version and were replaced
 * @param skipped  records that existed with the same or a newer version and were left alone
 */
public record ImportResult(int inserted, int updated, int skipped) {

    /** No records. */
    public static final ImportResult EMPTY = new ImportResult(0, 0, 0);

    /**
     * @return the number of records given to the import
     */
    public int total() {
        return inserted + updated + skipped;
    }

    /**
     * @param other another batch's result
     * @return the sum of both
     */
    public ImportResult plus(ImportResult other) {
        return new ImportResult(inserted + other.inserted, updated + other.updated, skipped + other.skipped);
    }
}
