package dev.stowage.postgres.cache;

import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationCodec;
import dev.stowage.support.Secrets;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Cache invalidations over PostgreSQL LISTEN/NOTIFY. Two connections of its own, each served by
 * one thread: a listener ({@code LISTEN channel}, reading notifications as they arrive) and a
 * publisher ({@code pg_notify}, several messages per round trip).
 * <pre>{@code
 * InvalidationBroadcaster broadcaster = PostgresInvalidationBroadcaster.builder(jdbcUrl)
 *         .user("app").password(secret).channel("crm_cache").build();
 * }</pre>
 * By configuration: {@code stowage.cache.broadcast=postgres}, with {@code stowage.postgres.url},
 * {@code .user} and {@code .password} of the PostgreSQL backend and {@code stowage.cache.broadcast.channel}.
 * <p>
 * The subscription counts as live once {@code LISTEN} has run on a fresh connection. When that
 * connection fails (the server ends it, the network drops it, a periodic check finds it dead),
 * the loss is reported at once and the listener reconnects with a growing delay. Publishing never
 * blocks the caller: messages wait in a bounded queue while PostgreSQL is unreachable; if the
 * queue overflows, one flush of everything replaces what was lost.
 */
public final class PostgresInvalidationBroadcaster implements InvalidationBroadcaster {

    /** A NOTIFY payload must be shorter than 8000 bytes. */
    public static final int MAX_MESSAGE_LENGTH = 7_999;
    /** Default name prefix of the two connections in {@code pg_stat_activity}. */
    public static final String DEFAULT_APPLICATION_NAME = "stowage-cache";

    static final int MAX_PENDING = 10_000;
    private static final int MAX_BATCH = 200;
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final System.Logger LOG = System.getLogger(PostgresInvalidationBroadcaster.class.getName());

    private final ConnectionFactory connections;
    private final String channel;
    private final String applicationName;
    private final Duration minReconnectDelay;
    private final Duration maxReconnectDelay;
    private final Duration healthCheckInterval;
    private final BlockingDeque<String> pending = new LinkedBlockingDeque<>(MAX_PENDING);
    private final AtomicReference<String> flushOwed = new AtomicReference<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean connected;
    private volatile Thread listenerThread;
    private volatile Thread publisherThread;

    /** Opens a connection for the broadcaster's own use. */
    @FunctionalInterface
    public interface ConnectionFactory {
        /**
         * @param applicationName the name to show in {@code pg_stat_activity}, where the factory can set it
         * @return a new connection
         * @throws SQLException if none can be opened
         */
        Connection open(String applicationName) throws SQLException;
    }

    private PostgresInvalidationBroadcaster(Builder builder) {
        this.connections = builder.connections;
        this.channel = builder.channel;
        this.applicationName = builder.applicationName;
        this.minReconnectDelay = builder.minReconnectDelay;
        this.maxReconnectDelay = builder.maxReconnectDelay;
        this.healthCheckInterval = builder.healthCheckInterval;
    }

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL, e.g. {@code jdbc:postgresql://db:5432/app}
     * @return a builder whose connections come from the driver directly
     */
    public static Builder builder(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new StoreConfigurationException("the cache channel needs a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://localhost:5432/app, was '" + Secrets.mask(jdbcUrl) + "'");
        }
        Builder builder = new Builder();
        builder.connections = applicationName -> {
            // Through a PGSimpleDataSource, which keeps a password of the URL out of the URL the
            // driver logs when it connects.
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setUrl(jdbcUrl);
            if (builder.user != null) {
                source.setUser(builder.user);
            }
            if (builder.password != null) {
                source.setPassword(builder.password);
            }
            source.setApplicationName(applicationName);
            return source.getConnection();
        };
        return builder;
    }

    /**
     * @param dataSource where to take the two connections from; they are held for the
     *                   broadcaster's lifetime (two slots of a pool)
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        Builder builder = new Builder();
        builder.connections = applicationName -> dataSource.getConnection();
        return builder;
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
        Connection first;
        try {
            first = listen();
        } catch (SQLException | RuntimeException e) {
            closed.set(true);
            throw new StoreUnavailableException("cannot LISTEN on the PostgreSQL cache channel '" + channel + "': "
                    + Secrets.mask(e.getMessage()) + "; check stowage.postgres.url and that PostgreSQL is up",
                    Secrets.redact(e, Secrets::mask));
        }
        connected = true;
        listener.onConnected();
        listenerThread = thread("listener", () -> listenLoop(first, listener));
        publisherThread = thread("publisher", this::publishLoop);
    }

    @Override
    public void publish(String message) {
        if (closed.get()) {
            return;
        }
        if (!pending.offerLast(message)) {
            flushOwed.compareAndSet(null, InvalidationCodec.flushReplacing(message));
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    /**
     * @return the channel this broadcaster notifies and listens on
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
        closing.countDown();
        for (Thread thread : new Thread[]{listenerThread, publisherThread}) {
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // ---- listening -----------------------------------------------------------------------------

    private Connection listen() throws SQLException {
        Connection connection = connections.open(applicationName + "-listener");
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + channel);
            }
            connection.unwrap(PGConnection.class);
            return connection;
        } catch (SQLException | RuntimeException e) {
            releaseListener(connection);
            throw e;
        }
    }

    /**
     * Stops listening before the connection goes back: a pooled connection that still listened
     * would make the driver collect every later notification for whoever borrows it next.
     */
    private static void releaseListener(Connection connection) {
        if (connection == null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "UNLISTEN on a cache channel connection failed: "
                    + Secrets.mask(e.getMessage()));
        }
        closeQuietly(connection);
    }

    private void listenLoop(Connection first, Listener listener) {
        Connection connection = first;
        Duration delay = minReconnectDelay;
        long lastHeard = System.nanoTime();
        while (!closed.get()) {
            try {
                if (connection == null) {
                    connection = listen();
                    connected = true;
                    delay = minReconnectDelay;
                    lastHeard = System.nanoTime();
                    listener.onConnected();
                }
                PGNotification[] notifications = connection.unwrap(PGConnection.class)
                        .getNotifications((int) Math.min(healthCheckInterval.toMillis(), 1_000));
                if (notifications != null && notifications.length > 0) {
                    lastHeard = System.nanoTime();
                    for (PGNotification notification : notifications) {
                        if (channel.equals(notification.getName())) {
                            listener.onMessage(notification.getParameter());
                        }
                    }
                } else if (System.nanoTime() - lastHeard > healthCheckInterval.toNanos()) {
                    // A silent network drop is only noticed by talking to the server.
                    if (!connection.isValid((int) Math.max(1, healthCheckInterval.toSeconds()))) {
                        throw new SQLException("the listening connection stopped answering");
                    }
                    lastHeard = System.nanoTime();
                }
            } catch (SQLException | RuntimeException e) {
                if (closed.get()) {
                    break;
                }
                if (connection != null) {
                    releaseListener(connection);
                    connection = null;
                    connected = false;
                    listener.onDisconnected("the PostgreSQL listening connection failed: "
                            + Secrets.mask(e.getMessage()));
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "reconnecting the cache channel failed: "
                            + Secrets.mask(e.getMessage()));
                }
                if (pause(delay)) {
                    break;
                }
                delay = longer(delay);
            }
        }
        if (connection != null) {
            releaseListener(connection);
        }
    }

    // ---- publishing ----------------------------------------------------------------------------

    private void publishLoop() {
        Connection connection = null;
        Duration delay = minReconnectDelay;
        while (true) {
            String first;
            try {
                first = pending.pollFirst(1, TimeUnit.SECONDS);
            } catch (InterruptedException closingNow) {
                first = pending.pollFirst();
            }
            List<String> batch = new ArrayList<>();
            String flush = flushOwed.getAndSet(null);
            if (flush != null) {
                batch.add(flush);
            }
            if (first != null) {
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH);
            }
            if (batch.isEmpty()) {
                if (closed.get()) {
                    break;
                }
                continue;
            }
            try {
                if (connection == null) {
                    connection = connections.open(applicationName + "-publisher");
                    connection.setAutoCommit(true);
                }
                sendNotifications(connection, batch);
                delay = minReconnectDelay;
            } catch (SQLException | RuntimeException e) {
                closeQuietly(connection);
                connection = null;
                requeue(batch);
                if (closed.get() || pause(delay)) {
                    LOG.log(System.Logger.Level.WARNING, pending.size() + " cache invalidation(s) not sent before "
                            + "closing: " + Secrets.mask(e.getMessage()));
                    break;
                }
                delay = longer(delay);
            }
        }
        closeQuietly(connection);
    }

    private void sendNotifications(Connection connection, List<String> batch) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_notify(?, message) FROM unnest(?::text[]) AS message")) {
            Array messages = connection.createArrayOf("text", batch.toArray());
            statement.setString(1, channel);
            statement.setArray(2, messages);
            statement.executeQuery().close();
        }
    }

    private void requeue(List<String> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            String message = batch.get(i);
            if (!pending.offerFirst(message)) {
                flushOwed.compareAndSet(null, InvalidationCodec.flushReplacing(message));
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * @return {@code true} if the broadcaster closed meanwhile
     */
    private boolean pause(Duration delay) {
        try {
            return closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return closed.get();
        }
    }

    private Duration longer(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(maxReconnectDelay) > 0 ? maxReconnectDelay : doubled;
    }

    private Thread thread(String role, Runnable body) {
        Thread thread = new Thread(body, "stowage-cache-pg-" + role + "-" + channel);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a cache channel connection failed: "
                    + Secrets.mask(e.getMessage()));
        }
    }

    @Override
    public String toString() {
        return "PostgresInvalidationBroadcaster[channel=" + channel + ", connected=" + connected + "]";
    }

    /** Builds a {@link PostgresInvalidationBroadcaster}; every setter returns the builder. */
    public static final class Builder {
        private ConnectionFactory connections;
        private String user;
        private String password;
        private String channel = dev.stowage.spi.invalidation.InvalidationBroadcasterProvider.DEFAULT_CHANNEL;
        private String applicationName = DEFAULT_APPLICATION_NAME;
        private Duration minReconnectDelay = Duration.ofMillis(50);
        private Duration maxReconnectDelay = Duration.ofSeconds(5);
        private Duration healthCheckInterval = Duration.ofSeconds(5);

        private Builder() {
        }

        /** @param value the database user (URL builders only) @return this builder */
        public Builder user(String value) {
            user = value;
            return this;
        }

        /** @param value the password (URL builders only) @return this builder */
        public Builder password(String value) {
            password = value;
            return this;
        }

        /**
         * @param value the channel: 1..63 lower-case letters, digits and '_', not starting with a digit
         * @return this builder
         */
        public Builder channel(String value) {
            channel = value;
            return this;
        }

        /**
         * @param value prefix of the connections' names in {@code pg_stat_activity} (URL builders only)
         * @return this builder
         */
        public Builder applicationName(String value) {
            applicationName = Objects.requireNonNull(value, "applicationName");
            return this;
        }

        /**
         * @param min first delay before reconnecting, doubled after each failure
         * @param max longest delay
         * @return this builder
         */
        public Builder reconnectDelay(Duration min, Duration max) {
            if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new StoreConfigurationException("reconnect delays must be positive, min <= max");
            }
            minReconnectDelay = min;
            maxReconnectDelay = max;
            return this;
        }

        /**
         * @param value how long the listening connection may stay silent before it is checked, at least 1s
         * @return this builder
         */
        public Builder healthCheckInterval(Duration value) {
            if (value == null || value.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new StoreConfigurationException("the health check interval must be at least 1s");
            }
            healthCheckInterval = value;
            return this;
        }

        /**
         * @return the broadcaster, not started (the cache starts it)
         */
        public PostgresInvalidationBroadcaster build() {
            if (channel == null || !CHANNEL.matcher(channel).matches()) {
                throw new StoreConfigurationException("the PostgreSQL cache channel must be 1 to 63 lower-case letters, "
                        + "digits and '_', not starting with a digit, was '" + channel + "'");
            }
            return new PostgresInvalidationBroadcaster(this);
        }
    }
}
