package dev.stowage.migration;

/**
 * Where the engine reports each batch for metrics. Without Micrometer on the class path this is
 * {@link #NONE} and no Micrometer class is ever loaded.
 */
interface MigrationMetrics {

    /** Records nothing. */
    MigrationMetrics NONE = (records, counts, nanos) -> { };

    /**
     * @param records the kind of record
     * @param counts  the batch's counts
     * @param nanos   how long the batch took, read to checkpoint
     */
    void batch(RecordKind records, RecordCounts counts, long nanos);

    /**
     * @param enabled  whether metrics are wanted
     * @param registry a {@code io.micrometer.core.instrument.MeterRegistry}, or {@code null} for
     *                 Micrometer's global registry
     * @return Micrometer meters if wanted and Micrometer is present, else {@link #NONE}
     */
    static MigrationMetrics create(boolean enabled, Object registry) {
        if (!enabled || !micrometerPresent()) {
            return NONE;
        }
        return MicrometerMetrics.create(registry);
    }

    /**
     * @return whether Micrometer is on the class path (checked without loading any class that needs it)
     */
    static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, MigrationMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
