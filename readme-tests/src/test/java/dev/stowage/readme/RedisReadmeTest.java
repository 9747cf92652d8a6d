package dev.stowage.readme;

import dev.stowage.Stores;
import dev.stowage.credit.Posting;
import dev.stowage.redis.RedisStores;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java snippet of redis/README.md, as written, on a private redis-server. */
class RedisReadmeTest {

    @Test
    void the_builder_with_a_uri_opens_and_posts() {
        String redisUri = ReadmeServers.redisUri();
        String requestId = UUID.randomUUID().toString();
        // README redis/README.md
        try (Stores stores = RedisStores.builder(redisUri)   // or builder(redisClient) / builder(redisClusterClient)
                .prefix("crm")                                          // key namespace, default "stowage"
                .commandTimeout(Duration.ofSeconds(2))                  // always set; default 2 s
                .clock(Clock.systemUTC())
                .build()) {
            stores.credits().post(Posting.purchase("user-42", 100));
            stores.credits().post(Posting.deduction("user-42", 5).withIdempotencyKey(requestId));
            assertThat(stores.credits().account("user-42").orElseThrow().balance()).isEqualTo(95); // not in the README
        }
        // END README
    }
}
