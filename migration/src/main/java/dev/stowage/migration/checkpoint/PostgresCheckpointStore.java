package dev.stowage.migration.checkpoint;

import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordCounts;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.internal.Jdbc;
import dev.stowage.support.Check;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checkpoints in two PostgreSQL tables, {@code stowage_migration_run} and
 * {@code stowage_migration_partition} (created if missing; layout in the README), through plain
 * JDBC on the application's {@link DataSource}. Several processes share one run: each claims
 * partitions with {@code SELECT ... FOR UPDATE SKIP LOCKED}, so no partition is claimed twice at
 * once, and holds them under a lease that its workers renew; the partitions of a process that
 * died are claimed again once their lease has run out, from their last committed batch. Times
 * are the database's, so the processes' clocks need not agree.
 * <pre>{@code
 * CheckpointStore checkpoints = PostgresCheckpointStore.builder(dataSource).lease(Duration.ofSeconds(30)).build();
 * }</pre>
 */
public final class PostgresCheckpointStore implements CheckpointStore {

    private static final String COLUMNS = "partition_id, records, tenant_id, lower_bound, upper_bound, position, done, "
            + "read_count, written_count, skipped_count, rejected_count, redone_count, pending, elapsed_micros, claims";

    private final Jdbc jdbc;
    private final String runs;
    private final String partitions;
    private final Duration lease;
    private volatile boolean tablesReady;

    private PostgresCheckpointStore(Builder builder) {
        this.jdbc = new Jdbc(builder.dataSource, "PostgreSQL checkpoint store", CheckpointException::new);
        this.runs = builder.schema + ".stowage_migration_run";
        this.partitions = builder.schema + ".stowage_migration_partition";
        this.lease = builder.lease;
    }

    /**
     * @param dataSource connections to the database holding the checkpoint tables
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Check.required(dataSource, "dataSource"));
    }

    @Override
    public RunState open(String runId, RunFingerprint fingerprint, Supplier<List<PartitionSpec>> plan) {
        CheckpointStore.checkRunId(runId);
        ensureTables();
        jdbc.transaction("open run '" + runId + "'", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + runs
                    + " (run_id, fingerprint, description) VALUES (?, ?, ?) ON CONFLICT (run_id) DO NOTHING")) {
                insert.setString(1, runId);
                insert.setString(2, fingerprint.hash());
                insert.setString(3, fingerprint.description());
                if (insert.executeUpdate() == 1) {
                    List<PartitionState> fresh = new ArrayList<>();
                    plan.get().forEach(spec -> fresh.add(PartitionState.fresh(spec)));
                    insertPartitions(connection, runId, fresh);
                }
            }
            return null;
        });
        return run(runId).orElseThrow(() -> new CheckpointException("run '" + runId + "' vanished while it was opened",
                null, true));
    }

    @Override
    public RunState reconfigure(String runId, RunFingerprint fingerprint, List<PartitionSpec> plan) {
        ensureTables();
        jdbc.transaction("reconfigure run '" + runId + "'", connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT run_id FROM " + runs
                    + " WHERE run_id = ? FOR UPDATE")) {
                lock.setString(1, runId);
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        throw new CheckpointException("run '" + runId + "' does not exist", null, false);
                    }
                }
            }
            List<PartitionState> stored = partitions(connection, runId);
            List<PartitionState> reconciled = RunPlans.reconcile(stored, plan);
            List<String> keep = reconciled.stream().map(state -> state.spec().id()).toList();
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + partitions
                    + " WHERE run_id = ? AND NOT (partition_id = ANY (?))")) {
                delete.setString(1, runId);
                delete.setArray(2, connection.createArrayOf("text", keep.toArray()));
                delete.executeUpdate();
            }
            List<String> storedIds = stored.stream().map(state -> state.spec().id()).toList();
            insertPartitions(connection, runId,
                    reconciled.stream().filter(state -> !storedIds.contains(state.spec().id())).toList());
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + runs
                    + " SET fingerprint = ?, description = ?, updated_at = now() WHERE run_id = ?")) {
                update.setString(1, fingerprint.hash());
                update.setString(2, fingerprint.description());
                update.setString(3, runId);
                update.executeUpdate();
            }
            return null;
        });
        return run(runId).orElseThrow();
    }

    @Override
    public Optional<PartitionState> claim(String runId, String worker) {
        return jdbc.call("claim a partition of run '" + runId + "'", connection -> {
            try (PreparedStatement claim = connection.prepareStatement("UPDATE " + partitions
                    + " SET owner = ?, lease_until = now() + make_interval(secs => ?), claims = claims + 1,"
                    + " updated_at = now() WHERE run_id = ? AND partition_id = (SELECT partition_id FROM " + partitions
                    + " WHERE run_id = ? AND NOT done AND (owner IS NULL OR lease_until < now())"
                    + " ORDER BY ordinal LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)) {
                claim.setString(1, worker);
                claim.setDouble(2, seconds(lease));
                claim.setString(3, runId);
                claim.setString(4, runId);
                try (ResultSet row = claim.executeQuery()) {
                    return row.next() ? Optional.of(state(row)) : Optional.<PartitionState>empty();
                }
            }
        });
    }

    @Override
    public void begin(String runId, String partitionId, String worker, int records) {
        Check.atLeast(records, "records", 0);
        int updated = jdbc.call("record a batch start of " + partitionId, connection -> {
            try (PreparedStatement begin = connection.prepareStatement("UPDATE " + partitions
                    + " SET pending = ?, lease_until = now() + make_interval(secs => ?), updated_at = now()"
                    + " WHERE run_id = ? AND partition_id = ? AND owner = ?")) {
                begin.setInt(1, records);
                begin.setDouble(2, seconds(lease));
                begin.setString(3, runId);
                begin.setString(4, partitionId);
                begin.setString(5, worker);
                return begin.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new LeaseLostException(runId, partitionId, worker);
        }
    }

    @Override
    public void commit(String runId, String partitionId, String worker, BatchCommit commit) {
        int updated = jdbc.call("record a batch of " + partitionId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + partitions
                    + " SET position = COALESCE(?, position), read_count = read_count + ?,"
                    + " written_count = written_count + ?, skipped_count = skipped_count + ?,"
                    + " rejected_count = rejected_count + ?, redone_count = redone_count + ?, pending = ?, done = ?,"
                    + " elapsed_micros = elapsed_micros + ?,"
                    + " finished_by = CASE WHEN ? THEN owner ELSE finished_by END,"
                    + " owner = CASE WHEN ? THEN NULL ELSE owner END,"
                    + " lease_until = CASE WHEN ? THEN NULL ELSE now() + make_interval(secs => ?) END,"
                    + " updated_at = now() WHERE run_id = ? AND partition_id = ? AND owner = ?")) {
                RecordCounts counts = commit.counts();
                int i = 1;
                update.setString(i++, commit.position());
                update.setLong(i++, counts.read());
                update.setLong(i++, counts.written());
                update.setLong(i++, counts.skipped());
                update.setLong(i++, counts.rejected());
                update.setLong(i++, counts.redone());
                update.setInt(i++, commit.done() ? 0 : commit.nextPending());
                update.setBoolean(i++, commit.done());
                update.setLong(i++, commit.elapsed().toNanos() / 1_000);
                update.setBoolean(i++, commit.done());
                update.setBoolean(i++, commit.done());
                update.setBoolean(i++, commit.done());
                update.setDouble(i++, seconds(lease));
                update.setString(i++, runId);
                update.setString(i++, partitionId);
                update.setString(i, worker);
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new LeaseLostException(runId, partitionId, worker);
        }
    }

    @Override
    public void release(String runId, String partitionId, String worker) {
        jdbc.call("release " + partitionId, connection -> {
            try (PreparedStatement release = connection.prepareStatement("UPDATE " + partitions
                    + " SET owner = NULL, lease_until = NULL, updated_at = now()"
                    + " WHERE run_id = ? AND partition_id = ? AND owner = ?")) {
                release.setString(1, runId);
                release.setString(2, partitionId);
                release.setString(3, worker);
                return release.executeUpdate();
            }
        });
    }

    @Override
    public void renew(String runId, Collection<String> workers) {
        if (workers.isEmpty()) {
            return;
        }
        jdbc.call("renew the leases of run '" + runId + "'", connection -> {
            try (PreparedStatement renew = connection.prepareStatement("UPDATE " + partitions
                    + " SET lease_until = now() + make_interval(secs => ?) WHERE run_id = ? AND owner = ANY (?)")) {
                renew.setDouble(1, seconds(lease));
                renew.setString(2, runId);
                Array owners = connection.createArrayOf("text", workers.toArray());
                renew.setArray(3, owners);
                return renew.executeUpdate();
            }
        });
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Duration renewInterval() {
        return lease.dividedBy(3);
    }

    @Override
    public Optional<RunState> run(String runId) {
        ensureTables();
        return jdbc.call("read run '" + runId + "'", connection -> {
            RunFingerprint fingerprint;
            try (PreparedStatement select = connection.prepareStatement("SELECT fingerprint, description FROM " + runs
                    + " WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<RunState>empty();
                    }
                    fingerprint = new RunFingerprint(row.getString(1), row.getString(2));
                }
            }
            return Optional.of(new RunState(runId, fingerprint, partitions(connection, runId)));
        });
    }

    /**
     * Creates the tables (and nothing else) if they are missing. Safe when several processes start
     * together: the creation runs under a transaction-scoped advisory lock.
     */
    private void ensureTables() {
        if (tablesReady) {
            return;
        }
        jdbc.transaction("create the checkpoint tables", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + partitions + "'))");
                statement.execute("CREATE TABLE IF NOT EXISTS " + runs + " ("
                        + "run_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, description TEXT NOT NULL,"
                        + " created_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                statement.execute("CREATE TABLE IF NOT EXISTS " + partitions + " ("
                        + "run_id TEXT NOT NULL REFERENCES " + runs + " (run_id) ON DELETE CASCADE,"
                        + " partition_id TEXT NOT NULL, ordinal INTEGER NOT NULL, records TEXT NOT NULL,"
                        + " tenant_id TEXT NOT NULL, lower_bound TEXT, upper_bound TEXT, position TEXT,"
                        + " done BOOLEAN NOT NULL DEFAULT false, read_count BIGINT NOT NULL DEFAULT 0,"
                        + " written_count BIGINT NOT NULL DEFAULT 0, skipped_count BIGINT NOT NULL DEFAULT 0,"
                        + " rejected_count BIGINT NOT NULL DEFAULT 0, redone_count BIGINT NOT NULL DEFAULT 0,"
                        + " pending INTEGER NOT NULL DEFAULT 0, elapsed_micros BIGINT NOT NULL DEFAULT 0,"
                        + " claims INTEGER NOT NULL DEFAULT 0, owner TEXT, lease_until TIMESTAMPTZ, finished_by TEXT,"
                        + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (run_id, partition_id))");
            }
            return null;
        });
        tablesReady = true;
    }

    private void insertPartitions(Connection connection, String runId, List<PartitionState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        int ordinal;
        try (PreparedStatement max = connection.prepareStatement("SELECT COALESCE(MAX(ordinal), -1) FROM " + partitions
                + " WHERE run_id = ?")) {
            max.setString(1, runId);
            try (ResultSet row = max.executeQuery()) {
                row.next();
                ordinal = row.getInt(1) + 1;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + partitions
                + " (run_id, partition_id, ordinal, records, tenant_id, lower_bound, upper_bound)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (PartitionState state : states) {
                PartitionSpec spec = state.spec();
                insert.setString(1, runId);
                insert.setString(2, spec.id());
                insert.setInt(3, ordinal++);
                insert.setString(4, spec.records().name());
                insert.setString(5, spec.tenant().value());
                insert.setString(6, spec.lowerBound());
                insert.setString(7, spec.upperBound());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private List<PartitionState> partitions(Connection connection, String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + partitions
                + " WHERE run_id = ? ORDER BY ordinal")) {
            select.setString(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                List<PartitionState> states = new ArrayList<>();
                while (rows.next()) {
                    states.add(state(rows));
                }
                return states;
            }
        }
    }

    private static PartitionState state(ResultSet row) throws SQLException {
        PartitionSpec spec = new PartitionSpec(row.getString("partition_id"), RecordKind.valueOf(row.getString("records")),
                TenantId.of(row.getString("tenant_id")), row.getString("lower_bound"), row.getString("upper_bound"));
        RecordCounts counts = new RecordCounts(row.getLong("read_count"), row.getLong("written_count"),
                row.getLong("skipped_count"), row.getLong("rejected_count"), row.getLong("redone_count"));
        return new PartitionState(spec, row.getString("position"), row.getBoolean("done"), counts, row.getInt("pending"),
                Duration.ofNanos(row.getLong("elapsed_micros") * 1_000), row.getInt("claims"));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    @Override
    public String toString() {
        return "PostgresCheckpointStore[" + partitions + ", lease=" + lease + "]";
    }

    /** Configures a {@link PostgresCheckpointStore}. */
    public static final class Builder {

        private final DataSource dataSource;
        private String schema = "public";
        private Duration lease = Duration.ofSeconds(30);

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * @param value the schema of the checkpoint tables (it must exist); default {@code public}
         * @return this builder
         * @throws ValidationException {@code field "schema"} unless a lower-case SQL identifier
         */
        public Builder schema(String value) {
            this.schema = Jdbc.schema(value);
            return this;
        }

        /**
         * @param value how long a claim lasts without renewal; a dead process's partitions are
         *              claimed again after it. Between 1 second and 1 hour; default 30 seconds
         * @return this builder
         */
        public Builder lease(Duration value) {
            Check.required(value, "lease");
            if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new ValidationException("lease", "range", "must be between 1 second and 1 hour");
            }
            this.lease = value;
            return this;
        }

        /**
         * @return the store (its tables are created when a run is first opened)
         */
        public PostgresCheckpointStore build() {
            return new PostgresCheckpointStore(this);
        }
    }
}
