/**
 * The service-provider interface for backend authors: {@link dev.stowage.spi.BackendProvider}
 * (discovered with {@link java.util.ServiceLoader}) opens a {@link dev.stowage.spi.StoreBackend}.
 * A new backend proves itself by running the contract suites of {@code stowage-testkit}.
 * {@link dev.stowage.spi.StoresDecoratorProvider} lets a module (the cache) wrap the opened stores,
 * and {@link dev.stowage.spi.invalidation} is the transport SPI of the cache's cross-instance
 * invalidations.
 */
package dev.stowage.spi;
