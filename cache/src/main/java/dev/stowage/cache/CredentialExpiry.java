package dev.stowage.cache;

import com.github.benmanes.caffeine.cache.Expiry;
import dev.stowage.token.Credential;

import java.time.Duration;

/**
 * How long a credential entry lives: the TTL, but never past the credential's own
 * {@code expiresAt}, measured on the same {@link ClockTicker} as the cache.
 */
final class CredentialExpiry implements Expiry<Object, CacheEntry> {

    private final ClockTicker ticker;
    private final long ttlNanos;

    /**
     * @param ticker the credentials cache's ticker
     * @param ttl    the credentials TTL
     */
    CredentialExpiry(ClockTicker ticker, Duration ttl) {
        this.ticker = ticker;
        this.ttlNanos = ClockTicker.saturatedNanos(ttl);
    }

    @Override
    public long expireAfterCreate(Object key, CacheEntry entry, long currentTime) {
        if (entry.value() instanceof Credential credential && credential.expiresAt() != null) {
            long untilExpiry = ticker.nanosAt(credential.expiresAt()) - currentTime;
            return Math.max(0, Math.min(ttlNanos, untilExpiry));
        }
        return ttlNanos;
    }

    @Override
    public long expireAfterUpdate(Object key, CacheEntry entry, long currentTime, long currentDuration) {
        return expireAfterCreate(key, entry, currentTime);
    }

    @Override
    public long expireAfterRead(Object key, CacheEntry entry, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
