package dev.stowage.cache;

import dev.stowage.exception.ValidationException;
import dev.stowage.spi.invalidation.Invalidation;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the caching decorator caches. Build with {@link #builder()}:
 * <pre>{@code
 * CacheOptions options = CacheOptions.builder()
 *         .clock(clock)                          // the stores' clock: expiry decisions follow it
 *         .maximumSize(50_000)
 *         .tokensTtl(Duration.ofMinutes(2))
 *         .broadcaster(broadcaster)              // required when several instances share the stores
 *         .build();
 * }</pre>
 *
 * @param maximumSize   most entries per cache (contacts by id, by source, by email, accounts,
 *                      credentials), 1..1 000 000 000; the least valuable entries are evicted beyond it
 * @param contactsTtl   how long a contact lookup stays cached; {@link Duration#ZERO} turns contact caching off
 * @param creditsTtl    how long an account stays cached; {@link Duration#ZERO} turns account caching off
 * @param tokensTtl     how long a credential stays cached, never beyond its own {@code expiresAt};
 *                      {@link Duration#ZERO} turns credential caching off
 * @param cacheAbsences whether "not found" is cached too (off by default: a record created by a
 *                      writer that bypasses every cache would otherwise stay invisible until the TTL)
 * @param recordStatistics whether hits, misses, loads and evictions are counted, for
 *                      {@link CachingBackend#statistics()} and {@link CacheMetrics} (which needs it).
 *                      Off by default, as in Caffeine: counting costs every hit an atomic increment,
 *                      about as much again as the rest of the hit ({@code benchmarks/}, {@code CacheHitBenchmark})
 * @param clock         the stores' clock; entry ages and credential expiry are measured with it
 * @param broadcaster   carries invalidations to and from the other instances, or {@code null} for
 *                      a single instance; the cache starts it and closes it
 * @param nodeId        this instance's id in invalidation messages (see {@link Invalidation#requireNodeId})
 */
public record CacheOptions(
        long maximumSize,
        Duration contactsTtl,
        Duration creditsTtl,
        Duration tokensTtl,
        boolean cacheAbsences,
        boolean recordStatistics,
        Clock clock,
        InvalidationBroadcaster broadcaster,
        String nodeId) {

    /** Default {@link #maximumSize}. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
    /** Default {@link #contactsTtl}. */
    public static final Duration DEFAULT_CONTACTS_TTL = Duration.ofMinutes(10);
    /** Default {@link #creditsTtl}. */
    public static final Duration DEFAULT_CREDITS_TTL = Duration.ofMinutes(1);
    /** Default {@link #tokensTtl}. */
    public static final Duration DEFAULT_TOKENS_TTL = Duration.ofMinutes(5);
    /** Largest {@link #maximumSize}. */
    public static final long MAX_MAXIMUM_SIZE = 1_000_000_000L;

    /**
     * @throws ValidationException naming the first invalid option
     */
    public CacheOptions {
        if (maximumSize < 1 || maximumSize > MAX_MAXIMUM_SIZE) {
            throw new ValidationException("maximumSize", "range", "must be between 1 and " + MAX_MAXIMUM_SIZE);
        }
        checkTtl(contactsTtl, "contactsTtl");
        checkTtl(creditsTtl, "creditsTtl");
        checkTtl(tokensTtl, "tokensTtl");
        if (clock == null) {
            throw new ValidationException("clock", "required", "is required: pass the stores' clock");
        }
        try {
            Invalidation.requireNodeId(nodeId);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("nodeId", "node-id", e.getMessage());
        }
    }

    /**
     * @return the defaults: 10 000 entries per cache, contacts 10 min, accounts 1 min, credentials
     *     5 min, absences not cached, statistics not recorded, the system UTC clock, no
     *     broadcaster, a random node id
     */
    public static CacheOptions defaults() {
        return builder().build();
    }

    /**
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder starting from these options
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maximumSize = maximumSize;
        builder.contactsTtl = contactsTtl;
        builder.creditsTtl = creditsTtl;
        builder.tokensTtl = tokensTtl;
        builder.cacheAbsences = cacheAbsences;
        builder.recordStatistics = recordStatistics;
        builder.clock = clock;
        builder.broadcaster = broadcaster;
        builder.nodeId = nodeId;
        return builder;
    }

    /**
     * @return a new random node id, {@code node-} and 12 hex digits
     */
    public static String randomNodeId() {
        return "node-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void checkTtl(Duration ttl, String field) {
        if (ttl == null) {
            throw new ValidationException(field, "required", "is required (Duration.ZERO turns that cache off)");
        }
        if (ttl.isNegative()) {
            throw new ValidationException(field, "not-negative", "must not be negative (Duration.ZERO turns that cache off)");
        }
    }

    /** Builds {@link CacheOptions}; every setter returns the builder. */
    public static final class Builder {
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Duration contactsTtl = DEFAULT_CONTACTS_TTL;
        private Duration creditsTtl = DEFAULT_CREDITS_TTL;
        private Duration tokensTtl = DEFAULT_TOKENS_TTL;
        private boolean cacheAbsences;
        private boolean recordStatistics;
        private Clock clock = Clock.systemUTC();
        private InvalidationBroadcaster broadcaster;
        private String nodeId = randomNodeId();

        private Builder() {
        }

        /** @param value most entries per cache @return this builder */
        public Builder maximumSize(long value) {
            maximumSize = value;
            return this;
        }

        /** @param value contact TTL, ZERO for off @return this builder */
        public Builder contactsTtl(Duration value) {
            contactsTtl = value;
            return this;
        }

        /** @param value account TTL, ZERO for off @return this builder */
        public Builder creditsTtl(Duration value) {
            creditsTtl = value;
            return this;
        }

        /** @param value credential TTL, ZERO for off @return this builder */
        public Builder tokensTtl(Duration value) {
            tokensTtl = value;
            return this;
        }

        /** @param value whether "not found" is cached @return this builder */
        public Builder cacheAbsences(boolean value) {
            cacheAbsences = value;
            return this;
        }

        /** @param value whether hits, misses, loads and evictions are counted @return this builder */
        public Builder recordStatistics(boolean value) {
            recordStatistics = value;
            return this;
        }

        /** @param value the stores' clock @return this builder */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** @param value the broadcaster, or null for a single instance @return this builder */
        public Builder broadcaster(InvalidationBroadcaster value) {
            broadcaster = value;
            return this;
        }

        /** @param value this instance's node id @return this builder */
        public Builder nodeId(String value) {
            nodeId = value;
            return this;
        }

        /**
         * @return the options
         * @throws ValidationException naming the first invalid option
         */
        public CacheOptions build() {
            return new CacheOptions(maximumSize, contactsTtl, creditsTtl, tokensTtl, cacheAbsences, recordStatistics,
                    clock, broadcaster,
                    Objects.requireNonNullElseGet(nodeId, CacheOptions::randomNodeId));
        }
    }
}
