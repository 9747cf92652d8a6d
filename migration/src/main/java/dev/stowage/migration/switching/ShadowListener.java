package dev.stowage.migration.switching;

/**
 * Gets the outcome of every shadow read, on the shadow executor's thread (never the caller's).
 * Must be thread-safe and quick; what it throws is ignored.
 */
@FunctionalInterface
public interface ShadowListener {

    /** Ignores every result. */
    ShadowListener NONE = result -> { };

    /**
     * @param result one shadow read's outcome
     */
    void onResult(ShadowResult result);
}
