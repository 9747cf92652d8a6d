/**
 * The caching decorator (module {@code dev.stowage:stowage-cache}): {@link dev.stowage.cache.Caching#wrap}
 * puts Caffeine in front of any backend, and {@code stowage.cache.enabled=true} does the same in
 * {@link dev.stowage.Stowage#open}. Point reads are cached read-through, writes invalidate, and an
 * {@link dev.stowage.spi.invalidation.InvalidationBroadcaster} (from a backend module) carries
 * invalidations between instances in the {@link dev.stowage.spi.invalidation.InvalidationCodec}
 * wire format. See {@link dev.stowage.cache.Caching} for exactly what is and is not cached.
 */
package dev.stowage.cache;
