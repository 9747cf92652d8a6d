/**
 * The service-provider interface for backend authors: {@link dev.stowage.spi.BackendProvider}
 * (discovered with {@link java.util.ServiceLoader}) opens a {@link dev.stowage.spi.StoreBackend}.
 * A new backend proves itself by running the contract suites of {@code stowage-testkit}.
 */
package dev.stowage.spi;
