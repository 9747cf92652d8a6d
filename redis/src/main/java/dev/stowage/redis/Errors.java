package dev.stowage.redis;

import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.support.Secrets;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Translates driver failures into Stowage exceptions at the adapter edge, so no
 * {@link RedisException} (or any other Lettuce or Netty type) reaches a caller.
 */
final class Errors {

    /** Server error prefixes that mean the credentials or the user's permissions are wrong. */
    private static final List<String> CREDENTIAL_ERRORS = List.of("WRONGPASS", "NOAUTH", "NOPERM");
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
        Throwable cause = Secrets.redact(failure, Secrets::mask);
        if (closed) {
            return new StoreClosedException("the Redis backend was closed during " + operation
                    + "; open a new one with RedisStores.builder(...)");
        }
        if (failure instanceof RedisCommandTimeoutException) {
            return new StoreTimeoutException("Redis at " + endpoint + " did not answer " + operation + " within "
                    + commandTimeout + "; its outcome is unknown. Check the server's load, or raise "
                    + "stowage.redis.command-timeout (RedisStores.Builder.commandTimeout)", cause);
        }
        if (failure instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException("interrupted while waiting for Redis at " + endpoint + " during "
                    + operation, cause);
        }
        if (failure instanceof RedisCommandExecutionException execution) {
            String message = Secrets.mask(String.valueOf(execution.getMessage()));
            String code = message.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            if (TRANSIENT_SERVER_ERRORS.contains(code)) {
                return new StoreUnavailableException("Redis at " + endpoint + " cannot serve " + operation
                        + " right now (" + message + "); retry later", cause);
            }
            if (CREDENTIAL_ERRORS.contains(code)) {
                return new StoreConfigurationException("Redis at " + endpoint + " refused " + operation + " (" + message
                        + "); the user of the URI needs permission for every command and key of its prefix (ACL"
                        + " '~{<prefix>:*' with +@all, or at least +@read +@write +@scripting)", cause);
            }
            return new StoreException("Redis at " + endpoint + " rejected " + operation + ": " + message
                    + ". This is a bug or an incompatible server (Redis 7 or newer is required)", cause);
        }
        if (failure instanceof RedisException) {
            return new StoreUnavailableException("lost the connection to Redis at " + endpoint + " during " + operation
                    + "; the operation took effect completely or not at all. Check that the server is up, then retry",
                    cause);
        }
        return new StoreException("unexpected failure during " + operation + " against Redis at " + endpoint + ": "
                + Secrets.mask(failure.toString()), cause);
    }

    /**
     * Translates a failure to open a connection: says what failed (connecting, not a write) and
     * whether it is the configuration (credentials, TLS) or the server (down, unreachable, slow).
     *
     * @param failure        what the driver threw
     * @param endpoint       the server(s), for the message (never with credentials)
     * @param commandTimeout the configured timeout, which also bounds connecting
     * @param masking        masks the secrets the URI carried
     * @return the exception to throw instead
     */
    static StoreException connectFailure(RuntimeException failure, String endpoint, Duration commandTimeout,
                                         UnaryOperator<String> masking) {
        if (failure instanceof StoreException store) {
            return store;
        }
        Throwable cause = Secrets.redact(failure, masking);
        Throwable root = failure;
        RedisCommandExecutionException refused = null;
        boolean timedOut = false;
        boolean tls = false;
        for (Throwable each = failure; each != null; each = each.getCause() == each ? null : each.getCause()) {
            root = each;
            if (each instanceof RedisCommandExecutionException execution && refused == null) {
                refused = execution;
            }
            timedOut |= each instanceof TimeoutException || each instanceof RedisCommandTimeoutException
                    || each.getClass().getSimpleName().contains("Timeout");
            tls |= each instanceof SSLException || each.getClass().getName().contains(".ssl.");
        }
        String reason = masking.apply(String.valueOf(root.getMessage()));
        if (refused != null) {
            String message = masking.apply(String.valueOf(refused.getMessage()));
            String code = message.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            if (CREDENTIAL_ERRORS.contains(code)) {
                return new StoreConfigurationException("Redis at " + endpoint + " refused the connection's credentials ("
                        + message + "); check the user name and password in the URI (redis://user:password@host:port)"
                        + " and the user's ACL permissions", cause);
            }
            return new StoreUnavailableException("could not connect to Redis at " + endpoint + ": the server answered "
                    + message + "; check that it is a Redis 7 server ready for clients, then retry", cause);
        }
        if (tls) {
            return new StoreConfigurationException("could not connect to Redis at " + endpoint + ": the TLS handshake "
                    + "failed (" + reason + "); use rediss:// only for a server that speaks TLS, and check its "
                    + "certificate", cause);
        }
        if (timedOut) {
            return new StoreTimeoutException("could not connect to Redis at " + endpoint + " within " + commandTimeout
                    + " (" + reason + "); check that the server is up and not overloaded, or raise "
                    + "stowage.redis.command-timeout", cause);
        }
        return new StoreUnavailableException("could not connect to Redis at " + endpoint + " (" + reason + "); check "
                + "that the server is up and that the URI's host and port are right, then retry", cause);
    }
}
