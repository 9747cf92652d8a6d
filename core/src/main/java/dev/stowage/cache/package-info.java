/**
 * The caching decorator: {@link dev.stowage.cache.Caching#wrap} puts Caffeine in front of any
 * backend. Point reads are cached read-through, writes invalidate, and an
 * {@link dev.stowage.cache.InvalidationBroadcaster} carries invalidations between instances in
 * the {@link dev.stowage.cache.InvalidationCodec} wire format. See {@link dev.stowage.cache.Caching}
 * for exactly what is and is not cached.
 */
package dev.stowage.cache;
