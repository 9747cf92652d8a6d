/**
 * Cache invalidations between application instances over PostgreSQL LISTEN/NOTIFY:
 * {@link dev.stowage.postgres.cache.PostgresInvalidationBroadcaster}, also available as
 * {@code stowage.cache.broadcast=postgres}.
 */
package dev.stowage.postgres.cache;
