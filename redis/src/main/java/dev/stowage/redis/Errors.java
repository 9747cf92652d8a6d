package dev.stowage.redis;

import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.exception.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Translates driver failures into Stowage exceptions at the adapter edge, so no
 * {@link RedisException} (or any other Lettuce or Netty type) reaches a caller.
 */
final class Errors {

    /** Server error prefixes that mean "not now": the node is loading, busy, failing over or full. */
    private static final List<String> TRANSIENT_SERVER_ERRORS = List.of(
            "LOADING", "BUSY", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "READONLY", "MOVED", "ASK", "NOREPLICAS",
            "OOM", "NOTBUSY");

    private Errors() {
    }

    /**
     * @param failure        what the driver threw
     * @param operation      what the store was doing, for the message
     * @param endpoint       the server(s), for the message
     * @param commandTimeout the configured timeout, for the message
     * @param closed         whether the backend was closed meanwhile
     * @return the exception to throw instead
     */
    static StoreException translate(RuntimeException failure, String operation, String endpoint,
                                    Duration commandTimeout, boolean closed) {
        if (failure instanceof StoreException store) {
            return store;
        }
        if (closed) {
            return new StoreClosedException("the Redis backend was closed during " + operation
                    + "; open a new one with RedisStores.builder(...)");
        }
        if (failure instanceof RedisCommandTimeoutException) {
            return new StoreTimeoutException("Redis at " + endpoint + " did not answer " + operation + " within "
                    + commandTimeout + "; its outcome is unknown. Check the server's load, or raise "
                    + "stowage.redis.command-timeout (RedisStores.Builder.commandTimeout)", failure);
        }
        if (failure instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException("interrupted while waiting for Redis at " + endpoint + " during "
                    + operation, failure);
        }
        if (failure instanceof RedisCommandExecutionException execution) {
            String message = String.valueOf(execution.getMessage());
            String code = message.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            if (TRANSIENT_SERVER_ERRORS.contains(code)) {
                return new StoreUnavailableException("Redis at " + endpoint + " cannot serve " + operation
                        + " right now (" + message + "); retry later", failure);
            }
            return new StoreException("Redis at " + endpoint + " rejected " + operation + ": " + message
                    + ". This is a bug or an incompatible server (Redis 7 or newer is required)", failure);
        }
        if (failure instanceof RedisException) {
            return new StoreUnavailableException("lost the connection to Redis at " + endpoint + " during " + operation
                    + "; the operation took effect completely or not at all. Check that the server is up, then retry",
                    failure);
        }
        return new StoreException("unexpected failure during " + operation + " against Redis at " + endpoint + ": "
                + failure, failure);
    }
}
