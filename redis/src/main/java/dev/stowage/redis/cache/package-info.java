/**
 * Cache invalidations between application instances over Redis pub/sub:
 * {@link dev.stowage.redis.cache.RedisInvalidationBroadcaster}, also available as
 * {@code stowage.cache.broadcast=redis}.
 */
package dev.stowage.redis.cache;
