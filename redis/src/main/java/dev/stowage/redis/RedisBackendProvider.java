package dev.stowage.redis;

import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendOption;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Backend {@value #NAME} for {@link dev.stowage.Stowage#open}. Its keys, all under
 * {@code stowage.redis.}, are the rows of {@link #OPTIONS}: that one table is what
 * {@link #configKeys()} accepts, what {@link #open} applies and what the module README documents.
 * Without {@code stowage.redis.uri}, a Lettuce {@link RedisClient} or {@link RedisClusterClient}
 * shared through {@link BackendContext#resource} (the Spring Boot starter shares the application's)
 * is used, and left open on close.
 */
public final class RedisBackendProvider implements BackendProvider {

    /** The backend's name in configuration. */
    public static final String NAME = "redis";

    /** The required URI (or Cluster seed URIs). */
    static final BackendOption<RedisStores.Builder> URI = BackendOption.required("uri", "redis://127.0.0.1:6379",
            "redis://host:6379, with credentials redis://user:password@host:6379; for a Cluster one or more seed"
                    + " URIs separated by commas");

    /** Every configuration key of the backend, in the order the README lists them. */
    public static final List<BackendOption<RedisStores.Builder>> OPTIONS = List.of(
            URI,
            BackendOption.flag("cluster", false, "true if the URI names Cluster nodes", RedisStores.Builder::cluster),
            BackendOption.text("prefix", RedisStores.DEFAULT_PREFIX, "the key namespace", RedisStores.Builder::prefix),
            BackendOption.duration("command-timeout", RedisStores.DEFAULT_COMMAND_TIMEOUT,
                    "how long one command (and connecting) may take", RedisStores.Builder::commandTimeout),
            BackendOption.secret("key-hash-secret", "base64 of at least 32 random bytes: the secret of the keyed hash"
                    + " (HMAC-SHA-256) of contact emails in key names; without it a key derived from the prefix",
                    RedisStores.Builder::keyHashSecret));

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> configKeys() {
        return BackendOption.keys(OPTIONS);
    }

    @Override
    public StoreBackend open(BackendContext context) {
        RedisStores.Builder builder = sharedClient(context).orElseGet(() ->
                        RedisStores.builder(URI.require(context.config(), NAME))).clock(context.clock())
                .refreshTokenHasher(context.refreshTokenHasher());
        return BackendOption.applyAll(OPTIONS, builder, context.config(), NAME).buildBackend();
    }

    /**
     * @return a builder over the application's client when no URI is configured and one is shared
     */
    private static Optional<RedisStores.Builder> sharedClient(BackendContext context) {
        if (URI.value(context.config(), NAME).isPresent()) {
            return Optional.empty();
        }
        return context.resource(RedisClient.class).map(RedisStores::builder)
                .or(() -> context.resource(RedisClusterClient.class).map(RedisStores::builder));
    }
}
