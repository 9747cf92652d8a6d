package dev.stowage.redis.cache;

import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationCodec;
import dev.stowage.support.Secrets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Cache invalidations over Redis pub/sub (standalone or Cluster, where PUBLISH reaches every
 * node). Two connections of its own: one subscribed to the channel, one publishing.
 * <pre>{@code
 * InvalidationBroadcaster broadcaster = RedisInvalidationBroadcaster.create(redisClient, "crm-cache");
 * // with dev.stowage:stowage-cache on the class path:
 * Stores stores = Caching.wrap(backendStores, CacheOptions.builder().clock(clock).broadcaster(broadcaster).build());
 * }</pre>
 * By configuration: {@code stowage.cache.broadcast=redis}, with {@code stowage.redis.uri} (and
 * {@code stowage.redis.cluster}) of the Redis backend and {@code stowage.cache.broadcast.channel}.
 * <p>
 * The subscription counts as live when Redis confirms the SUBSCRIBE, including the one Lettuce
 * sends after reconnecting; a dropped connection is reported at once. Publishing is asynchronous:
 * Lettuce buffers commands while it reconnects; a message that fails anyway is replaced by a
 * flush of everything, sent once the connection works again, because the write it described has
 * already happened.
 */
public final class RedisInvalidationBroadcaster implements InvalidationBroadcaster {

    /** Longest message sent; Redis itself accepts far more. */
    public static final int MAX_MESSAGE_LENGTH = 32 * 1024;

    /** Commands a broadcaster with its own client keeps while Redis is unreachable; then it fails them. */
    static final int REQUEST_QUEUE_SIZE = 10_000;

    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FLUSH_RETRY = Duration.ofSeconds(1);

    private final String channel;
    private final Connections connections;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<String> flushOwed = new AtomicReference<>();
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile Publisher publisher;
    private volatile boolean connected;

    private RedisInvalidationBroadcaster(String channel, Connections connections) {
        this.channel = requireChannel(channel);
        this.connections = connections;
    }

    /**
     * @param client  a standalone client; the broadcaster opens two connections with it and
     *                closes them, never the client
     * @param channel the pub/sub channel every instance of the deployment uses
     * @return the broadcaster, not started
     */
    public static RedisInvalidationBroadcaster create(RedisClient client, String channel) {
        Objects.requireNonNull(client, "client");
        return new RedisInvalidationBroadcaster(channel, new Connections(
                () -> client.connectPubSub(StringCodec.UTF8),
                () -> Publisher.of(client.connect(StringCodec.UTF8)),
                () -> { }));
    }

    /**
     * @param client  a Redis Cluster client; the broadcaster opens two connections with it and
     *                closes them, never the client
     * @param channel the pub/sub channel every instance of the deployment uses
     * @return the broadcaster, not started
     */
    public static RedisInvalidationBroadcaster create(RedisClusterClient client, String channel) {
        Objects.requireNonNull(client, "client");
        return new RedisInvalidationBroadcaster(channel, new Connections(
                () -> client.connectPubSub(StringCodec.UTF8),
                () -> Publisher.of(client.connect(StringCodec.UTF8)),
                () -> { }));
    }

    /**
     * Opens a client of its own (shut down on {@link #close()}).
     *
     * @param uri     a Redis URI such as {@code redis://127.0.0.1:6379}
     * @param cluster whether it is a Redis Cluster
     * @param channel the pub/sub channel every instance of the deployment uses
     * @return the broadcaster, not started
     */
    public static RedisInvalidationBroadcaster open(String uri, boolean cluster, String channel) {
        requireChannel(channel);
        List<RedisURI> seeds = new ArrayList<>();
        for (String seed : Objects.requireNonNull(uri, "uri").split(",")) {
            try {
                seeds.add(RedisURI.create(seed.trim()));
            } catch (IllegalArgumentException | RedisException e) {
                String shown = Secrets.maskUri(seed.trim());
                throw new StoreConfigurationException("'" + shown + "' is not a Redis URI: "
                        + Secrets.mask(String.valueOf(e.getMessage()).replace(seed.trim(), shown))
                        + "; use e.g. redis://127.0.0.1:6379");
            }
        }
        if (cluster) {
            RedisClusterClient client = RedisClusterClient.create(seeds);
            client.setOptions(ClusterClientOptions.builder().requestQueueSize(REQUEST_QUEUE_SIZE).build());
            return new RedisInvalidationBroadcaster(channel, new Connections(
                    () -> client.connectPubSub(StringCodec.UTF8),
                    () -> Publisher.of(client.connect(StringCodec.UTF8)),
                    client::shutdown));
        }
        if (seeds.size() != 1) {
            throw new StoreConfigurationException("several Redis URIs were given (" + Secrets.mask(uri)
                    + ") but cluster is not enabled; set stowage.redis.cluster=true or give one URI");
        }
        RedisClient client = RedisClient.create(seeds.get(0));
        client.setOptions(ClientOptions.builder().requestQueueSize(REQUEST_QUEUE_SIZE).build());
        return new RedisInvalidationBroadcaster(channel, new Connections(
                () -> client.connectPubSub(StringCodec.UTF8),
                () -> Publisher.of(client.connect(StringCodec.UTF8)),
                client::shutdown));
    }

    @Override
    public int maxMessageLength() {
        return MAX_MESSAGE_LENGTH;
    }

    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this broadcaster was already started; use one per cache");
        }
        try {
            publisher = connections.publisher().get();
            publisher.onReconnect(this::payFlushOwed);
            StatefulRedisPubSubConnection<String, String> connection = connections.subscriber().get();
            subscriber = connection;
            connection.setTimeout(COMMAND_TIMEOUT);
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    if (channel.equals(from)) {
                        listener.onMessage(message);
                    }
                }

                @Override
                public void subscribed(String to, long count) {
                    // Also called for the SUBSCRIBE Lettuce repeats after reconnecting.
                    if (channel.equals(to) && !closed.get()) {
                        connected = true;
                        listener.onConnected();
                    }
                }
            });
            connection.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                    if (connected && !closed.get()) {
                        connected = false;
                        listener.onDisconnected("the Redis pub/sub connection dropped");
                    }
                }

                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                    // Not live yet: the repeated SUBSCRIBE must be confirmed first (see subscribed).
                }
            });
            connection.sync().subscribe(channel);
        } catch (RedisException e) {
            close();
            throw new StoreUnavailableException("cannot subscribe to the Redis cache channel '" + channel
                    + "': " + Secrets.mask(e.getMessage()) + "; check stowage.redis.uri and that Redis is up",
                    Secrets.redact(e, Secrets::mask));
        }
    }

    @Override
    public void publish(String message) {
        Publisher current = publisher;
        if (current == null || closed.get()) {
            return;
        }
        payFlushOwed();
        send(current, message);
    }

    private void send(Publisher current, String message) {
        CompletionStage<Long> sent;
        try {
            sent = current.publish(channel, message);
        } catch (RedisException e) {
            oweFlush(message);
            return;
        }
        sent.whenComplete((receivers, failure) -> {
            if (failure != null) {
                oweFlush(message);
            }
        });
    }

    /**
     * A message was lost: the instances must flush instead. Retried every second until a publish
     * succeeds, so peers flush even if this instance writes nothing more and never reconnects.
     */
    private void oweFlush(String lostMessage) {
        if (flushOwed.compareAndSet(null, InvalidationCodec.flushReplacing(lostMessage)) && !closed.get()) {
            CompletableFuture.delayedExecutor(FLUSH_RETRY.toMillis(), TimeUnit.MILLISECONDS).execute(this::payFlushOwed);
        }
    }

    private void payFlushOwed() {
        Publisher current = publisher;
        String flush = flushOwed.getAndSet(null);
        if (flush != null && current != null && !closed.get()) {
            send(current, flush);
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    /**
     * @return the channel this broadcaster publishes on and listens to
     */
    public String channel() {
        return channel;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connected = false;
        RuntimeException failure = null;
        for (Runnable step : new Runnable[]{
                () -> { if (subscriber != null) subscriber.close(); },
                () -> { if (publisher != null) publisher.close(); },
                connections.shutdown()}) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw new StoreUnavailableException("closing the Redis cache channel failed: "
                    + Secrets.mask(failure.getMessage()), Secrets.redact(failure, Secrets::mask));
        }
    }

    @Override
    public String toString() {
        return "RedisInvalidationBroadcaster[channel=" + channel + ", connected=" + connected + "]";
    }

    private static String requireChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new StoreConfigurationException("the cache channel must be 1 to 200 of A-Z a-z 0-9 . _ : -, was '"
                    + channel + "'");
        }
        return channel;
    }

    /** How to open the two connections, and what to shut down at the end. */
    private record Connections(
            java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> subscriber,
            java.util.function.Supplier<Publisher> publisher,
            Runnable shutdown) {
    }

    /** The publishing connection, standalone or Cluster. */
    private interface Publisher {
        CompletionStage<Long> publish(String channel, String message);

        void onReconnect(Runnable action);

        void close();

        static Publisher of(StatefulRedisConnection<String, String> connection) {
            connection.setTimeout(COMMAND_TIMEOUT);
            return new Publisher() {
                @Override
                public CompletionStage<Long> publish(String channel, String message) {
                    return connection.async().publish(channel, message);
                }

                @Override
                public void onReconnect(Runnable action) {
                    listenForReconnect(connection, action);
                }

                @Override
                public void close() {
                    connection.close();
                }
            };
        }

        static Publisher of(StatefulRedisClusterConnection<String, String> connection) {
            connection.setTimeout(COMMAND_TIMEOUT);
            return new Publisher() {
                @Override
                public CompletionStage<Long> publish(String channel, String message) {
                    return connection.async().publish(channel, message);
                }

                @Override
                public void onReconnect(Runnable action) {
                    listenForReconnect(connection, action);
                }

                @Override
                public void close() {
                    connection.close();
                }
            };
        }

        private static void listenForReconnect(StatefulConnection<String, String> connection, Runnable action) {
            connection.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                    action.run();
                }
            });
        }
    }
}
