package dev.stowage.migration.switching;

import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.internal.Jdbc;
import dev.stowage.support.Check;

import java.util.Locale;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stage every application instance follows, kept in a PostgreSQL control record (the table
 * {@code stowage_switching_stage}, one row per migration name and store), with the fenced change
 * in the spirit of Ghostferry's cutover. Each instance polls the row (every
 * {@linkplain Builder#pollInterval poll interval}) and reports in {@code stowage_switching_instance}.
 * <p>
 * A change ({@link #set}) first marks the row "changing to X" under a new epoch. Each instance that
 * sees the mark pauses its writes, waits for those in flight (with their replication) to end, and
 * acknowledges the epoch. Once every live instance (one that reported within the
 * {@linkplain Builder#lease lease}) has acknowledged, the row takes the new stage and the instances
 * resume at it. So no instance writes under the old authority once any writes under the new one:
 * two authoritative stores never coexist, and the write pause lasts about a poll interval plus the
 * longest write in flight. If an instance does not acknowledge within the
 * {@linkplain Builder#maxPause bound}, the change is abandoned, the stage stays, and {@code set}
 * fails. An instance whose last successful read of the row is older than the lease holds its
 * writes back (at most the bound) until it reads it again, so one cut off from the control
 * database never writes under a stage it cannot confirm; reads keep the last known stage.
 * Thread-safe; {@link #close()} stops the poller and removes the instance's row.
 * <pre>{@code
 * SharedStageSource contacts = SharedStageSource.builder(dataSource).name("to-postgres")
 *         .store(StoreKind.CONTACTS).build();   // starts at OFF if the row is new
 * }</pre>
 */
public final class SharedStageSource implements MutableStageSource {

    private static final System.Logger LOG = System.getLogger(SharedStageSource.class.getName());

    private final Jdbc jdbc;
    private final String stages;
    private final String instances;
    private final String name;
    private final String store;
    private final String instanceId = UUID.randomUUID().toString();
    private final Duration pollInterval;
    private final Duration lease;
    private final Duration maxPause;
    private final WriteFence fence;
    private final ScheduledExecutorService poller;
    private volatile Stage stage;
    private volatile long epoch = -1;
    private volatile long lastReadNanos;
    private volatile boolean closed;
    private volatile Duration longestPause = Duration.ZERO;
    private volatile Duration lastChange = Duration.ZERO;

    private SharedStageSource(Builder builder) {
        this.jdbc = new Jdbc(builder.dataSource, "PostgreSQL stage control record", Jdbc.STORE_EXCEPTIONS);
        this.stages = builder.schema + ".stowage_switching_stage";
        this.instances = builder.schema + ".stowage_switching_instance";
        this.name = builder.name;
        this.store = builder.store.name();
        this.pollInterval = builder.pollInterval;
        this.lease = builder.lease;
        this.maxPause = builder.maxPause;
        this.fence = new WriteFence(builder.maxPause);
        this.stage = builder.initial;
        ensureTables(builder.initial);
        poll();
        String thread = "stowage-stage-" + name + "-" + store.toLowerCase(Locale.ROOT);
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread poll = new Thread(task, thread);
            poll.setDaemon(true);
            return poll;
        });
        // poll() never throws, so the schedule is never cancelled by a failure.
        poller.scheduleWithFixedDelay(this::pollUnlessClosed, pollInterval.toNanos(), pollInterval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * @param dataSource connections to the database holding the control record (any PostgreSQL
     *                   every instance reaches; it need not be a migrated store's)
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Check.required(dataSource, "dataSource"));
    }

    private void ensureTables(Stage initial) {
        jdbc.transaction("create the control tables", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + stages + "'))");
                statement.execute("CREATE TABLE IF NOT EXISTS " + stages + " (name TEXT NOT NULL, store TEXT NOT NULL,"
                        + " stage TEXT NOT NULL, changing_to TEXT, epoch BIGINT NOT NULL DEFAULT 0,"
                        + " changed_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (name, store))");
                statement.execute("CREATE TABLE IF NOT EXISTS " + instances + " (name TEXT NOT NULL, store TEXT NOT NULL,"
                        + " instance_id TEXT NOT NULL, seen_at TIMESTAMPTZ NOT NULL, drained_epoch BIGINT NOT NULL DEFAULT -1,"
                        + " PRIMARY KEY (name, store, instance_id))");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + stages
                    + " (name, store, stage) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, store);
                insert.setString(3, initial.name());
                insert.executeUpdate();
            }
            return null;
        });
    }

    private void pollUnlessClosed() {
        if (!closed) {
            poll();
        }
    }

    /** Reads the row; pauses, drains and acknowledges a change in progress, or follows a settled stage. Never throws. */
    private synchronized boolean poll() {
        long started = System.nanoTime();
        try {
            Row row = jdbc.call("read the stage", this::read);
            boolean drained = true;
            if (row.changingTo != null) {
                // Never wait long here: the instance keeps reporting while its writes drain, so
                // the changer can tell a draining instance from a dead one.
                fence.pause();
                drained = fence.drain(pollInterval);
            } else {
                Stage parsed = Stage.parse(row.stage);
                if (parsed != null) {
                    stage = parsed;
                }
                resume();
            }
            epoch = row.epoch;
            long acknowledged = row.changingTo != null && drained ? row.epoch : -1;
            jdbc.call("report the instance", connection -> report(connection, acknowledged));
            lastReadNanos = started;
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "the stage control record could not be read; " + stage + " holds: " + e);
            return false;
        }
    }

    private void resume() {
        if (fence.paused()) {
            long[] before = fence.pauseTotals();
            fence.resume();
            long[] after = fence.pauseTotals();
            Duration pause = Duration.ofNanos(after[1] - before[1]);
            if (pause.compareTo(longestPause) > 0) {
                longestPause = pause;
            }
        }
    }

    private record Row(String stage, String changingTo, long epoch) {
    }

    private Row read(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT stage, changing_to, epoch FROM " + stages
                + " WHERE name = ? AND store = ?")) {
            select.setString(1, name);
            select.setString(2, store);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new StoreUnavailableException("the control record " + name + "/" + store + " is gone", null);
                }
                return new Row(row.getString(1), row.getString(2), row.getLong(3));
            }
        }
    }

    private Void report(Connection connection, long acknowledged) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + instances
                + " (name, store, instance_id, seen_at, drained_epoch) VALUES (?, ?, ?, now(), ?)"
                + " ON CONFLICT (name, store, instance_id) DO UPDATE SET seen_at = now(),"
                + " drained_epoch = GREATEST(" + instances + ".drained_epoch, EXCLUDED.drained_epoch)")) {
            upsert.setString(1, name);
            upsert.setString(2, store);
            upsert.setString(3, instanceId);
            upsert.setLong(4, acknowledged);
            upsert.executeUpdate();
        }
        return null;
    }

    @Override
    public Stage stage() {
        return stage;
    }

    /** @return whether the control record was read within the lease */
    @Override
    public boolean confirmed() {
        return System.nanoTime() - lastReadNanos <= lease.toNanos();
    }

    @Override
    public WritePermit beginWrite() {
        if (!confirmed()) {
            long deadline = System.nanoTime() + maxPause.toNanos();
            while (!poll()) {
                if (System.nanoTime() > deadline) {
                    throw new StoreUnavailableException("the stage of " + store + " cannot be confirmed: the control record"
                            + " has not been readable for longer than the lease (" + lease.toMillis() + " ms); retry", null);
                }
                sleep(pollInterval);
            }
        }
        return fence.enter(this::stage);
    }

    /**
     * Changes the stage for every instance, fenced as the class describes; {@code whilePaused} runs
     * once every live instance has acknowledged, so while none of them writes.
     *
     * @throws StoreUnavailableException if an instance did not drain within the bound (the stage stays)
     */
    @Override
    public void set(Stage next, Runnable whilePaused) {
        Check.required(next, "next");
        Check.required(whilePaused, "whilePaused");
        long started = System.nanoTime();
        long changeEpoch = jdbc.call("mark the change", connection -> {
            try (PreparedStatement mark = connection.prepareStatement("UPDATE " + stages
                    + " SET changing_to = ?, epoch = epoch + 1, changed_at = now() WHERE name = ? AND store = ?"
                    + " AND changing_to IS NULL RETURNING epoch")) {
                mark.setString(1, next.name());
                mark.setString(2, name);
                mark.setString(3, store);
                try (ResultSet row = mark.executeQuery()) {
                    if (!row.next()) {
                        throw new StoreUnavailableException("another change of " + store + " is in progress; retry", null);
                    }
                    return row.getLong(1);
                }
            }
        });
        long deadline = System.nanoTime() + maxPause.toNanos();
        try {
            List<String> waiting = undrained(changeEpoch);
            while (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new StoreUnavailableException("the stage of " + store + " stays " + stage + ": " + waiting.size()
                            + " instance(s) did not drain their writes within " + maxPause.toMillis() + " ms", null);
                }
                sleep(Duration.ofMillis(Math.max(5, pollInterval.toMillis() / 4)));
                waiting = undrained(changeEpoch);
            }
            whilePaused.run();
        } catch (RuntimeException e) {
            try {
                settle(null, changeEpoch);
            } catch (RuntimeException abandoned) {
                e.addSuppressed(abandoned);
            }
            throw e;
        }
        settle(next, changeEpoch);
        lastChange = Duration.ofNanos(System.nanoTime() - started);
        poll();
    }

    private List<String> undrained(long changeEpoch) {
        return jdbc.call("read the acknowledgements", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT instance_id FROM " + instances
                    + " WHERE name = ? AND store = ? AND drained_epoch < ?"
                    + " AND seen_at > now() - make_interval(secs => ?)")) {
                select.setString(1, name);
                select.setString(2, store);
                select.setLong(3, changeEpoch);
                select.setDouble(4, lease.toNanos() / 1e9);
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    /** Ends the change: the new stage, or (with {@code null}) the old one kept. */
    private void settle(Stage next, long changeEpoch) {
        jdbc.call("settle the change", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + stages
                    + " SET stage = COALESCE(?, stage), changing_to = NULL, epoch = epoch + 1, changed_at = now()"
                    + " WHERE name = ? AND store = ? AND epoch = ?")) {
                update.setString(1, next == null ? null : next.name());
                update.setString(2, name);
                update.setString(3, store);
                update.setLong(4, changeEpoch);
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * @return the longest write pause this instance observed (pause to resume)
     */
    @Override
    public Duration longestPause() {
        return longestPause;
    }

    /**
     * @return how long this instance's last {@link #set} took, mark to settled (the fleet's pause)
     */
    public Duration lastChangeDuration() {
        return lastChange;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the stage control record", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        poller.shutdownNow();
        try {
            poller.awaitTermination(pollInterval.toMillis() * 4 + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fence.resume();
        try {
            jdbc.call("remove the instance", connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + instances
                        + " WHERE name = ? AND store = ? AND instance_id = ?")) {
                    delete.setString(1, name);
                    delete.setString(2, store);
                    delete.setString(3, instanceId);
                    delete.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove the instance row; it ages out after the lease: " + e);
        }
    }

    @Override
    public String toString() {
        return "SharedStageSource[" + stages + ", " + name + "/" + store + "=" + stage + "]";
    }

    /** Configures a {@link SharedStageSource}. */
    public static final class Builder {

        private final DataSource dataSource;
        private String schema = "public";
        private String name = "default";
        private StoreKind store;
        private Stage initial = Stage.OFF;
        private Duration pollInterval = Duration.ofMillis(100);
        private Duration lease = Duration.ofSeconds(2);
        private Duration maxPause = Duration.ofSeconds(5);

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * @param value the schema of the control tables (it must exist); default {@code public}
         * @return this builder
         */
        public Builder schema(String value) {
            this.schema = Jdbc.schema(value);
            return this;
        }

        /**
         * @param value the migration's name, shared by its instances; default {@code default}
         * @return this builder
         */
        public Builder name(String value) {
            this.name = Check.requiredText(value, "name", 100);
            return this;
        }

        /**
         * @param value the store whose stage this is (required)
         * @return this builder
         */
        public Builder store(StoreKind value) {
            this.store = Check.required(value, "store");
            return this;
        }

        /**
         * @param value the stage of a record created now; an existing record keeps its own; default OFF
         * @return this builder
         */
        public Builder initial(Stage value) {
            this.initial = Check.required(value, "initial");
            return this;
        }

        /**
         * @param value how often the record is read, 10 ms..10 s; default 100 ms
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            this.pollInterval = within(value, "pollInterval", Duration.ofMillis(10), Duration.ofSeconds(10));
            return this;
        }

        /**
         * @param value how long an instance counts as live after its last report, and trusts its
         *              last read of the record for writes, 100 ms..10 min; default 2 s
         * @return this builder
         */
        public Builder lease(Duration value) {
            this.lease = within(value, "lease", Duration.ofMillis(100), Duration.ofMinutes(10));
            return this;
        }

        /**
         * @param value the bound of a write pause, and of a change's wait for acknowledgements,
         *              100 ms..1 min; default 5 s
         * @return this builder
         */
        public Builder maxPause(Duration value) {
            this.maxPause = within(value, "maxPause", Duration.ofMillis(100), Duration.ofMinutes(1));
            return this;
        }

        private static Duration within(Duration value, String field, Duration min, Duration max) {
            Check.required(value, field);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new ValidationException(field, "range", "must be between " + min + " and " + max);
            }
            return value;
        }

        /**
         * Creates the tables and the record if missing, reads it, and starts polling.
         *
         * @return the source
         * @throws ValidationException {@code store} if no store was given
         * @throws dev.stowage.exception.StoreException if the control database cannot be reached
         */
        public SharedStageSource build() {
            if (store == null) {
                throw new ValidationException("store", "required", "name the store whose stage this is");
            }
            if (pollInterval.compareTo(lease) >= 0) {
                throw new ValidationException("lease", "range", "must be longer than the poll interval");
            }
            return new SharedStageSource(this);
        }
    }
}
