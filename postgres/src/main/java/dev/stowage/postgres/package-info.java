/**
 * The PostgreSQL backend, {@code postgres}: {@link dev.stowage.postgres.PostgresStores} builds it
 * in code, {@link dev.stowage.postgres.PostgresBackendProvider} opens it from configuration
 * ({@code stowage.backend=postgres}). Access goes through typed jOOQ code generated at build time
 * from the same Flyway migrations the backend applies on open.
 */
package dev.stowage.postgres;
