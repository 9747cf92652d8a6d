package dev.stowage.redis;

import dev.stowage.exception.StoreClosedException;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@link RedisDriver} over Lettuce's synchronous API. A standalone connection and a Cluster
 * connection expose the same {@link RedisClusterCommands} view (the Cluster one routes each
 * command by its key's slot), so one implementation serves both; only how
 * the connection is opened and closed differs.
 */
final class LettuceDriver implements RedisDriver {

    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final Runnable shutdownClient;
    private final String endpoint;
    private final Duration commandTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LettuceDriver(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> commands,
                          Runnable shutdownClient, String endpoint, Duration commandTimeout) {
        this.connection = connection;
        this.commands = commands;
        this.shutdownClient = shutdownClient;
        this.endpoint = endpoint;
        this.commandTimeout = commandTimeout;
        connection.setTimeout(commandTimeout);
    }

    /**
     * @param client         a standalone client
     * @param ownsClient     whether {@link #close()} shuts the client down
     * @param endpoint       the server, for messages
     * @param commandTimeout how long a command may take
     * @return the driver, connected
     */
    static LettuceDriver standalone(RedisClient client, boolean ownsClient, String endpoint, Duration commandTimeout) {
        StatefulRedisConnection<String, String> connection = client.connect();
        return new LettuceDriver(connection, connection.sync(), ownsClient ? client::shutdown : () -> { },
                endpoint, commandTimeout);
    }

    /**
     * @param client         a Cluster client
     * @param ownsClient     whether {@link #close()} shuts the client down
     * @param endpoint       the seed nodes, for messages
     * @param commandTimeout how long a command may take
     * @return the driver, connected
     */
    static LettuceDriver cluster(RedisClusterClient client, boolean ownsClient, String endpoint,
                                 Duration commandTimeout) {
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        return new LettuceDriver(connection, connection.sync(), ownsClient ? client::shutdown : () -> { },
                endpoint, commandTimeout);
    }

    @Override
    public List<Object> run(Script script, List<String> keys, List<String> args) {
        String[] keyArray = keys.toArray(String[]::new);
        String[] argArray = args.toArray(String[]::new);
        return call(script.toString(), () -> {
            List<Object> reply;
            try {
                reply = commands.evalsha(script.sha(), ScriptOutputType.MULTI, keyArray, argArray);
            } catch (RedisNoScriptException unknown) {
                // EVAL loads the script into the server's cache, so later calls use EVALSHA again.
                reply = commands.eval(script.source(), ScriptOutputType.MULTI, keyArray, argArray);
            }
            return reply == null ? List.of() : reply;
        });
    }

    @Override
    public String get(String key) {
        return call("GET", () -> commands.get(key));
    }

    @Override
    public List<String> mget(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return call("MGET", () -> {
            List<String> values = new ArrayList<>(keys.size());
            for (KeyValue<String, String> value : commands.mget(keys.toArray(String[]::new))) {
                values.add(value.getValueOrElse(null));
            }
            return values;
        });
    }

    @Override
    public String hget(String key, String field) {
        return call("HGET", () -> commands.hget(key, field));
    }

    @Override
    public List<String> hmget(String key, List<String> fields) {
        if (fields.isEmpty()) {
            return List.of();
        }
        return call("HMGET", () -> {
            List<String> values = new ArrayList<>(fields.size());
            for (KeyValue<String, String> value : commands.hmget(key, fields.toArray(String[]::new))) {
                values.add(value.getValueOrElse(null));
            }
            return values;
        });
    }

    @Override
    public Map<String, String> hgetall(String key) {
        return call("HGETALL", () -> commands.hgetall(key));
    }

    @Override
    public List<String> zrangeByLex(String key, String min, String max, int limit) {
        return call("ZRANGEBYLEX", () -> commands.zrangebylex(key, lexRange(min, max), Limit.create(0, limit)));
    }

    @Override
    public void sadd(String key, String member) {
        call("SADD", () -> commands.sadd(key, member));
    }

    @Override
    public java.util.Set<String> smembers(String key) {
        return call("SMEMBERS", () -> commands.smembers(key));
    }

    @Override
    public long zcard(String key) {
        return call("ZCARD", () -> commands.zcard(key));
    }

    @Override
    public long scard(String key) {
        return call("SCARD", () -> commands.scard(key));
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                connection.close();
            } finally {
                shutdownClient.run();
            }
        }
    }

    private <T> T call(String operation, Supplier<T> action) {
        if (closed.get()) {
            throw new StoreClosedException("the Redis backend was closed; open a new one with RedisStores.builder(...)");
        }
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw Errors.translate(e, operation, endpoint, commandTimeout, closed.get());
        }
    }

    private static Range<String> lexRange(String min, String max) {
        return Range.from(lexBoundary(min), lexBoundary(max));
    }

    private static Range.Boundary<String> lexBoundary(String bound) {
        if (bound.equals("-") || bound.equals("+")) {
            return Range.Boundary.unbounded();
        }
        String value = bound.substring(1);
        return bound.charAt(0) == '[' ? Range.Boundary.including(value) : Range.Boundary.excluding(value);
    }
}
