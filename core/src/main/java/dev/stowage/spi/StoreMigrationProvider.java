package dev.stowage.spi;

import java.util.Set;

/**
 * Lets a module serve one store from two backends while its data moves between them, configured
 * by {@code stowage.<store>.migration.*}; the switching backend of {@code dev.stowage:stowage-migration}
 * is the one Stowage publishes. {@link dev.stowage.Stowage#open} reads
 * {@code stowage.<store>.migration.to} itself (the name of the backend, or named backend instance,
 * the store moves to), opens that backend, and hands both to the provider; every other key under
 * {@code stowage.<store>.migration.} belongs to the provider. Modules register an implementation
 * in {@code META-INF/services/dev.stowage.spi.StoreMigrationProvider}; at most one may be on the
 * class path.
 */
public interface StoreMigrationProvider {

    /**
     * @return the keys the provider reads, relative to {@code stowage.<store>.migration.}, for
     *     example {@code "stage"} for {@code stowage.contacts.migration.stage}; {@code "to"} is
     *     core's and is not listed. Any other key under the prefix is rejected.
     */
    Set<String> configKeys();

    /**
     * Opens the backend that serves the context's store while it moves.
     *
     * @param context the store, the backends it moves from and to, the configuration and the clock
     * @return a backend whose store of {@link StoreMigrationContext#store()} serves the store;
     *     closing it closes both {@code from} and {@code to} (closing a backend is idempotent, so
     *     one that also serves another store directly is fine)
     * @throws dev.stowage.exception.StoreConfigurationException if the configuration cannot work;
     *     the caller then closes both backends
     */
    StoreBackend open(StoreMigrationContext context);
}
