package dev.stowage.spi;

import java.util.Set;

/**
 * Makes a backend available to {@link dev.stowage.Stowage#open}. Backend modules register an
 * implementation in {@code META-INF/services/dev.stowage.spi.BackendProvider}; putting the module
 * on the classpath is all it takes.
 */
public interface BackendProvider {

    /**
     * @return the name used in configuration, e.g. {@code "postgres"} for {@code stowage.backend=postgres};
     *     lower-case letters and digits
     */
    String name();

    /**
     * The configuration keys this backend reads, relative to {@code stowage.<name>.}, for example
     * {@code "url"} for {@code stowage.postgres.url}. Any other key under the prefix is rejected.
     *
     * @return the accepted keys
     */
    Set<String> configKeys();

    /**
     * Opens the backend: connects, migrates, starts whatever it needs. Fails fast with a
     * {@link dev.stowage.exception.StoreConfigurationException} when the configuration cannot work.
     *
     * @param context the backend's configuration and the store clock
     * @return the opened backend; the caller closes it
     */
    StoreBackend open(BackendContext context);
}
