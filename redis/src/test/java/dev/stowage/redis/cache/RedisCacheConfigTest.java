package dev.stowage.redis.cache;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.cache.CacheStats;
import dev.stowage.cache.Caching;
import dev.stowage.cache.CachingBackend;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.Posting;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RedisCacheConfigTest {

    @Test
    void configuration_turns_on_the_cache_with_the_redis_channel() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String prefix = "t-cache-config-" + suffix;
        String channel = "stowage_cache_config_" + suffix;
        try (Stores stores = Stowage.open(Map.of(
                "stowage.backend", "redis",
                "stowage.redis.uri", TestServers.redisUri(),
                "stowage.redis.prefix", prefix,
                "stowage.cache.enabled", "true",
                "stowage.cache.broadcast", "redis",
                "stowage.cache.broadcast.channel", channel,
                "stowage.cache.metrics", "false",
                "stowage.cache.statistics", "true"))) {
            CachingBackend backend = Caching.backendOf(stores).orElseThrow();
            assertThat(backend.options().broadcaster()).isInstanceOfSatisfying(RedisInvalidationBroadcaster.class,
                    broadcaster -> assertThat(broadcaster.channel()).isEqualTo(channel));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (backend.isBypassing()) {
                assertThat(System.nanoTime()).as("waiting for the channel to be live").isLessThan(deadline);
                LockSupport.parkNanos(2_000_000);
            }

            stores.credits().post(Posting.purchase("user-1", 3));
            assertThat(stores.credits().account("user-1")).map(CreditAccount::balance).contains(3L);
            assertThat(stores.credits().account("user-1")).map(CreditAccount::balance).contains(3L);
            assertThat(backend.statistics().cache("accounts").map(CacheStats::hits)).contains(1L);
        } finally {
            RedisCacheTesting.deleteKeys(prefix);
        }
    }
}
