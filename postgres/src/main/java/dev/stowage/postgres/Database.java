package dev.stowage.postgres;

import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Timestamps;
import dev.stowage.support.Secrets;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The adapter edge shared by the three stores: runs jOOQ work against the pool and translates
 * every driver or jOOQ failure into a {@link StoreException} subtype, so none escapes to a caller.
 * Thread-safe.
 */
final class Database {

    /** How often a read is tried when its connection is lost. */
    private static final int READ_ATTEMPTS = 3;
    /** How often work the server aborted (deadlock, serialization failure) is tried. */
    private static final int ABORTED_TRANSACTION_ATTEMPTS = 3;

    /** What a violated constraint means to a caller, by constraint name. */
    private static final Map<String, String> CONSTRAINT_MEANINGS = Map.of(
            "contact_source_uq", "another contact of this tenant already has this (source, sourceId)",
            "contact_pk", "a contact with this id already exists in this tenant",
            "contact_updated_not_before_created", "updatedAt must not be before createdAt (is the store's clock behind?)",
            "credit_entry_idempotency_uq", "the idempotency key was already used on this account",
            "credit_account_balance_not_negative", "the balance would become negative");

    private final DSLContext dsl;
    private final Clock clock;
    private final String description;
    private final Duration statementTimeout;
    private final Runnable onConnectionLoss;
    private final int jdbcQueryTimeoutSeconds;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param dsl              the jOOQ context bound to the pool and the schema mapping
     * @param clock            the store clock
     * @param description      names the database in messages, e.g. "PostgreSQL schema 'stowage'"
     * @param statementTimeout the configured statement timeout, quoted in timeout messages
     * @param onConnectionLoss run when a connection broke: a lost connection usually means the
     *                         server restarted or killed sessions, so the other pooled
     *                         connections are suspect too and the pool should replace them
     */
    Database(DSLContext dsl, Clock clock, String description, Duration statementTimeout, Runnable onConnectionLoss) {
        this.dsl = dsl;
        this.clock = clock;
        this.description = description;
        this.statementTimeout = statementTimeout;
        this.onConnectionLoss = onConnectionLoss;
        Integer queryTimeout = dsl.settings().getQueryTimeout();
        this.jdbcQueryTimeoutSeconds = queryTimeout == null ? 0 : queryTimeout;
    }

    /**
     * @return the jOOQ context; stores go through {@link #read}, {@link #write} and
     *     {@link #transaction} instead, this is for rendering statements (plans in tests)
     */
    DSLContext dsl() {
        return dsl;
    }

    /**
     * @return the store clock
     */
    Clock clock() {
        return clock;
    }

    /**
     * @return the clock's current instant, truncated to microseconds
     */
    Instant now() {
        return Timestamps.now(clock);
    }

    /**
     * Marks the database closed: every later call throws {@link StoreClosedException}.
     *
     * @return whether this call closed it (false if it was closed already)
     */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /**
     * @throws StoreClosedException once the backend was closed
     */
    void ensureOpen() {
        if (closed.get()) {
            throw new StoreClosedException(description + " was closed; open a new backend to continue");
        }
    }

    /**
     * Runs work that only reads. Reading twice is harmless, so when the connection is lost (for
     * example killed by the server) it is run again on a fresh connection, a few times at most.
     *
     * @param operation names the operation in error messages, e.g. "contacts.get"
     * @param work      the jOOQ work
     * @param <T>       the result type
     * @return the work's result
     */
    <T> T read(String operation, Function<DSLContext, T> work) {
        ensureOpen();
        RuntimeException earlier = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.apply(dsl);
            } catch (RuntimeException e) {
                if (earlier != null) {
                    e.addSuppressed(earlier);
                }
                boolean lost = SqlFailure.isConnectionLoss(e);
                if (lost && !closed.get()) {
                    onConnectionLoss.run();
                }
                if (attempt >= READ_ATTEMPTS || !lost || closed.get()) {
                    throw translate(operation, e);
                }
                earlier = e;
            }
        }
    }

    /**
     * Runs work that writes: one statement, atomic on its own. A lost connection is reported as
     * {@link StoreUnavailableException} and not retried, because the caller cannot tell whether
     * the write took effect; work the server aborted before it took effect (deadlock,
     * serialization failure) is run again.
     *
     * @param operation names the operation in error messages
     * @param work      the jOOQ work
     * @param <T>       the result type
     * @return the work's result
     */
    <T> T write(String operation, Function<DSLContext, T> work) {
        ensureOpen();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.apply(dsl);
            } catch (RuntimeException e) {
                if (SqlFailure.isConnectionLoss(e) && !closed.get()) {
                    onConnectionLoss.run();
                }
                if (attempt >= ABORTED_TRANSACTION_ATTEMPTS || SqlFailure.classify(e) != SqlFailure.ABORTED || closed.get()) {
                    throw translate(operation, e);
                }
            }
        }
    }

    /**
     * Runs a pre-rendered statement that only reads, like {@link #read}.
     *
     * @param operation names the operation in error messages
     * @param statement the statement
     * @param mapper    maps each row
     * @param values    the statement's parameter values
     * @param <T>       the row type
     * @return the mapped rows
     */
    <T> List<T> fetch(String operation, RenderedStatement statement, RenderedStatement.RowMapper<T> mapper,
                      Object... values) {
        return read(operation, context -> run(statement, mapper, values));
    }

    /**
     * Runs a pre-rendered statement that writes, like {@link #write}.
     *
     * @param operation names the operation in error messages
     * @param statement the statement (with RETURNING, so it yields rows)
     * @param mapper    maps each returned row
     * @param values    the statement's parameter values
     * @param <T>       the row type
     * @return the mapped rows
     */
    <T> List<T> fetchWriting(String operation, RenderedStatement statement, RenderedStatement.RowMapper<T> mapper,
                             Object... values) {
        return write(operation, context -> run(statement, mapper, values));
    }

    /**
     * Runs a pre-rendered statement on a pooled connection, taken from jOOQ's connection provider
     * but without a jOOQ call around it: {@code DSLContext.connectionResult} derives a configuration
     * (settings, schema mapping) on every call, which was a third of what a posting allocated.
     * Failures come out as jOOQ's, so {@link #read} and {@link #write} treat them alike.
     */
    private <T> List<T> run(RenderedStatement statement, RenderedStatement.RowMapper<T> mapper, Object... values) {
        ConnectionProvider connections = dsl.configuration().connectionProvider();
        Connection connection = connections.acquire();
        RuntimeException failure = null;
        try {
            return statement.fetch(connection, jdbcQueryTimeoutSeconds, mapper, values);
        } catch (SQLException e) {
            failure = new DataAccessException("a pre-rendered statement failed", e);
            throw failure;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                connections.release(connection);
            } catch (RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Runs a pre-rendered statement on the connection of a transaction started by
     * {@link #transaction}; failures propagate to that transaction, which translates them.
     *
     * @param transaction the context the transaction's work was given
     * @param statement   the statement
     * @param mapper      maps each returned row
     * @param values      the statement's parameter values
     * @param <T>         the row type
     * @return the mapped rows
     */
    <T> List<T> fetchIn(DSLContext transaction, RenderedStatement statement, RenderedStatement.RowMapper<T> mapper,
                        Object... values) {
        return transaction.connectionResult(
                connection -> statement.fetch(connection, jdbcQueryTimeoutSeconds, mapper, values));
    }

    /**
     * Runs work in one short transaction, committed when the work returns and rolled back when it
     * throws (a {@link StoreException} thrown by the work reaches the caller unchanged).
     *
     * @param operation names the operation in error messages
     * @param work      the jOOQ work, given a context bound to the transaction
     * @param <T>       the result type
     * @return the work's result
     */
    <T> T transaction(String operation, Function<DSLContext, T> work) {
        return write(operation, context -> context.transactionResult(configuration -> work.apply(configuration.dsl())));
    }

    /**
     * Translates any failure of jOOQ work into the store's exception types, by what
     * {@link SqlFailure} says it means. Messages quote the server's one-line message, never its
     * detail (which may quote row values such as a token); the cause is kept, masked if needed.
     *
     * @param operation the operation that failed
     * @param failure   the failure
     * @return the exception to throw
     */
    StoreException translate(String operation, RuntimeException failure) {
        if (failure instanceof StoreException storeException) {
            return storeException;
        }
        Throwable cause = redacted(failure);
        if (closed.get()) {
            StoreClosedException closedException = new StoreClosedException(description + " was closed during "
                    + operation + "; open a new backend to continue");
            closedException.initCause(cause);
            return closedException;
        }
        String state = SqlFailure.sqlState(failure);
        String detail = Secrets.mask(SqlFailure.summary(failure));
        String constraint = SqlFailure.constraint(failure);
        return switch (SqlFailure.classify(failure)) {
            case CONNECTION -> new StoreUnavailableException(description + " is unavailable during " + operation
                    + " (" + detail + "); check that the server is up and reachable, then retry", cause);
            case TIMEOUT -> SqlFailure.sqlCause(failure) instanceof SQLTransientConnectionException
                    ? new StoreTimeoutException(operation + " on " + description + " got no connection in time ("
                    + detail + "); nothing was sent. The server may be frozen or overloaded, or the pool too small:"
                    + " retry later, or raise the connectionTimeout or maxPoolSize setting", cause)
                    : new StoreTimeoutException(operation + " on " + description + " did not finish within the"
                    + " statement timeout of " + statementTimeout.toMillis() + " ms (" + detail + "); its outcome is"
                    + " unknown: retry it if it is idempotent, check the server's load, or raise the statementTimeout"
                    + " setting", cause);
            case DUPLICATE_KEY -> new ConflictException(ConflictException.Reason.DUPLICATE_KEY,
                    operation + ": " + meaning(constraint, "a unique key is already taken (" + constraint + ")"), cause);
            case CONSTRAINT, DATA -> {
                ValidationException rejected = new ValidationException(constraint == null ? "value" : constraint,
                        state.startsWith("22") ? "data" : "constraint",
                        meaning(constraint, "was rejected by the database: " + detail));
                rejected.initCause(cause);
                yield rejected;
            }
            case ABORTED -> new StoreUnavailableException(operation + " on " + description + " was aborted by the"
                    + " server (" + detail + ") after " + ABORTED_TRANSACTION_ATTEMPTS + " attempts; retry later", cause);
            case ACCESS, OTHER -> new StoreException(operation + " failed on " + description + " (SQLState " + state
                    + ": " + detail + "); nothing was changed by this call. Look the SQLState up in the PostgreSQL"
                    + " server log; if the schema was altered outside Stowage, restore it with the migration mode"
                    + " MIGRATE", cause);
        };
    }

    /**
     * @param failure a failure of jOOQ work
     * @return the failure, or a copy without the server's row detail and with credentials masked
     *     if any message of its chain holds them
     */
    static Throwable redacted(Throwable failure) {
        return Secrets.redact(failure, text -> Secrets.mask(SqlFailure.withoutDetail(text)));
    }

    private static String meaning(String constraint, String fallback) {
        return constraint == null ? fallback : CONSTRAINT_MEANINGS.getOrDefault(constraint, fallback);
    }

    @Override
    public String toString() {
        return description;
    }
}
