package dev.stowage.redis;

import dev.stowage.Stores;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Secrets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Builds Redis-backed stores, on a standalone server or a Cluster.
 * <pre>{@code
 * try (Stores stores = RedisStores.builder("redis://cache:6379")
 *         .prefix("crm")
 *         .commandTimeout(Duration.ofSeconds(2))
 *         .build()) {
 *     stores.credits().post(Posting.purchase("user-42", 100));
 * }
 * }</pre>
 * Every key of a tenant starts with the hash tag {@code {<prefix>:<tenant>}}, so a tenant's
 * keys share one Cluster slot. A client the builder creates (from a URI) is shut down by
 * {@code close()}; a client passed in is left open for its owner.
 */
public final class RedisStores {

    /** The key namespace used unless {@link Builder#prefix} sets another. */
    public static final String DEFAULT_PREFIX = "stowage";
    /** The command timeout used unless {@link Builder#commandTimeout} sets another. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern PREFIX_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RedisStores() {
    }

    /**
     * @param client a standalone client; stays open when the stores are closed
     * @return a builder
     */
    public static Builder builder(RedisClient client) {
        return new Builder(Objects.requireNonNull(client, "client"), null, null);
    }

    /**
     * @param client a Cluster client; stays open when the stores are closed
     * @return a builder
     */
    public static Builder builder(RedisClusterClient client) {
        return new Builder(null, Objects.requireNonNull(client, "client"), null);
    }

    /**
     * @param uri a Redis URI such as {@code redis://host:6379} (with credentials
     *            {@code redis://user:password@host:6379}; they never appear in a message); for a
     *            Cluster ({@link Builder#cluster(boolean)}) one or more seed URIs separated by
     *            commas. The builder creates the client and {@code close()} shuts it down.
     * @return a builder
     */
    public static Builder builder(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new StoreConfigurationException("a Redis URI is required, e.g. redis://127.0.0.1:6379");
        }
        return new Builder(null, null, uri.trim());
    }

    /**
     * Options for clients the builder creates, recommended for clients passed in too: commands
     * issued while disconnected fail at once (as {@code StoreUnavailableException}) instead of
     * waiting in a buffer, commands in flight when a connection drops fail rather than being
     * re-sent later, and connecting (TCP and the TLS handshake) takes at most the command timeout.
     *
     * @param commandTimeout the command timeout
     * @return the options
     */
    public static ClientOptions recommendedClientOptions(Duration commandTimeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                .sslOptions(SslOptions.builder().handshakeTimeout(commandTimeout).build())
                .build();
    }

    /**
     * Like {@link #recommendedClientOptions} for a Cluster client, plus topology refresh so the
     * client follows failovers and slot moves.
     *
     * @param commandTimeout the command timeout
     * @return the options
     */
    public static ClusterClientOptions recommendedClusterClientOptions(Duration commandTimeout) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                .sslOptions(SslOptions.builder().handshakeTimeout(commandTimeout).build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    /** Configures and opens Redis-backed stores. Not thread-safe; build once. */
    public static final class Builder {
        private final RedisClient client;
        private final RedisClusterClient clusterClient;
        private final String uri;
        private boolean cluster;
        private String prefix = DEFAULT_PREFIX;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder(RedisClient client, RedisClusterClient clusterClient, String uri) {
            this.client = client;
            this.clusterClient = clusterClient;
            this.uri = uri;
        }

        /**
         * @param value the key namespace: 1..64 ASCII letters, digits, '.', '_' or '-', starting
         *              with a letter or digit (default {@value RedisStores#DEFAULT_PREFIX})
         * @return this builder
         */
        public Builder prefix(String value) {
            if (value == null || !PREFIX_SHAPE.matcher(value).matches()) {
                throw new StoreConfigurationException("the Redis key prefix must be 1 to 64 ASCII letters, digits, "
                        + "'.', '_' or '-', starting with a letter or digit");
            }
            this.prefix = value;
            return this;
        }

        /**
         * @param value how long one Redis command may take before it fails with a
         *              {@code StoreTimeoutException}; positive (default 2 s). Lettuce alone would wait
         *              for a minute, so Stowage always sets one.
         * @return this builder
         */
        public Builder commandTimeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new StoreConfigurationException("the Redis command timeout must be positive, e.g. 2s");
            }
            this.commandTimeout = value;
            return this;
        }

        /**
         * @param value the clock of every timestamp and expiry decision (default the system UTC clock)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value whether the URI names Cluster seed nodes (only for {@link #builder(String)})
         * @return this builder
         */
        public Builder cluster(boolean value) {
            if (uri == null && value != (clusterClient != null)) {
                throw new StoreConfigurationException("cluster(...) applies only to RedisStores.builder(String uri); "
                        + "the client passed in decides whether it talks to a Cluster");
            }
            this.cluster = value;
            return this;
        }

        /**
         * @return the stores of the default tenant; closing them closes the backend
         * @throws dev.stowage.exception.StoreUnavailableException if Redis cannot be reached
         */
        public Stores build() {
            return Stores.of(buildBackend());
        }

        /**
         * @return the backend, for {@code Stores.of(...)} combinations and decorators
         * @throws dev.stowage.exception.StoreUnavailableException if Redis cannot be reached
         */
        public StoreBackend buildBackend() {
            long operationTtl = Math.max(10_000, 2 * commandTimeout.toMillis());
            return new RedisBackend(openDriver(), prefix, clock, operationTtl);
        }

        private RedisDriver openDriver() {
            if (client != null) {
                return connect(() -> LettuceDriver.standalone(client, false, "the server of the given RedisClient",
                        commandTimeout), null, "the server of the given RedisClient", Secrets::mask);
            }
            if (clusterClient != null) {
                return connect(() -> LettuceDriver.cluster(clusterClient, false,
                        "the Cluster of the given RedisClusterClient", commandTimeout), null,
                        "the Cluster of the given RedisClusterClient", Secrets::mask);
            }
            String[] seeds = uri.split(",");
            List<RedisURI> uris = new ArrayList<>();
            for (String seed : seeds) {
                uris.add(parse(seed.trim()));
            }
            UnaryOperator<String> masking = Secrets.masking(secrets(uris));
            String endpoint = endpoint(uris);
            if (cluster) {
                RedisClusterClient created = RedisClusterClient.create(uris);
                created.setOptions(recommendedClusterClientOptions(commandTimeout));
                return connect(() -> LettuceDriver.cluster(created, true, endpoint, commandTimeout),
                        created::shutdown, endpoint, masking);
            }
            if (seeds.length != 1) {
                throw new StoreConfigurationException("several Redis URIs were given (" + endpoint + ") but cluster is "
                        + "not enabled; set stowage.redis.cluster=true (Builder.cluster(true)) or give one URI");
            }
            RedisClient created = RedisClient.create(uris.get(0));
            created.setOptions(recommendedClientOptions(commandTimeout));
            return connect(() -> LettuceDriver.standalone(created, true, endpoint, commandTimeout),
                    created::shutdown, endpoint, masking);
        }

        private RedisDriver connect(Supplier<RedisDriver> opener, Runnable shutdownOnFailure, String endpoint,
                                    UnaryOperator<String> masking) {
            try {
                return opener.get();
            } catch (RuntimeException e) {
                if (shutdownOnFailure != null) {
                    shutdownOnFailure.run();
                }
                throw Errors.connectFailure(e, endpoint, commandTimeout, masking);
            }
        }

        /**
         * Parses one URI strictly: Lettuce takes {@code redis://host:notaport} for a host named
         * {@code host:notaport}, which would then look like an unreachable server.
         */
        private RedisURI parse(String text) {
            String shown = Secrets.maskUri(text);
            String hint = "; use e.g. redis://host:6379 or rediss://user:password@host:6380/0";
            RedisURI parsed;
            try {
                parsed = RedisURI.create(text);
            } catch (RuntimeException e) {
                UnaryOperator<String> masking = message -> message == null ? null
                        : Secrets.mask(message.replace(text, shown));
                throw new StoreConfigurationException("'" + shown + "' is not a Redis URI ("
                        + masking.apply(String.valueOf(e.getMessage())) + ")" + hint, Secrets.redact(e, masking));
            }
            String host = parsed.getHost();
            if (parsed.getSocket() == null && parsed.getSentinels().isEmpty()) {
                if (host == null || host.isBlank()) {
                    throw new StoreConfigurationException("'" + shown + "' names no host" + hint);
                }
                int colon = host.lastIndexOf(':');
                if (colon >= 0 && !host.contains("]") && host.indexOf(':') == colon) {
                    throw new StoreConfigurationException("'" + shown + "' has the port '" + host.substring(colon + 1)
                            + "', which is not a number between 1 and 65535" + hint);
                }
            }
            parsed.setTimeout(commandTimeout);
            return parsed;
        }

        private static List<String> secrets(List<RedisURI> uris) {
            List<String> secrets = new ArrayList<>();
            for (RedisURI each : uris) {
                if (each.getPassword() != null && each.getPassword().length > 0) {
                    secrets.add(new String(each.getPassword()));
                }
            }
            return secrets;
        }

        private static String endpoint(List<RedisURI> uris) {
            StringBuilder text = new StringBuilder();
            for (RedisURI each : uris) {
                if (!text.isEmpty()) {
                    text.append(',');
                }
                text.append(each.getSocket() != null ? each.getSocket() : each.getHost() + ":" + each.getPort());
            }
            return text.toString();
        }
    }
}
