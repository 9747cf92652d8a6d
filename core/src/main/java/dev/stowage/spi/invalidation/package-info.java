/**
 * The cross-instance invalidation SPI of the caching decorator (stowage-cache): a transport
 * ({@link dev.stowage.spi.invalidation.InvalidationBroadcaster}, found by configuration through
 * {@link dev.stowage.spi.invalidation.InvalidationBroadcasterProvider}) carries lines in the
 * {@link dev.stowage.spi.invalidation.InvalidationCodec} wire format, each an
 * {@link dev.stowage.spi.invalidation.Invalidation} of {@link dev.stowage.spi.invalidation.InvalidationKey}s.
 * It lives in core, free of Caffeine, so a backend can implement a transport (Redis pub/sub,
 * PostgreSQL LISTEN/NOTIFY) without pulling the cache in.
 */
package dev.stowage.spi.invalidation;
