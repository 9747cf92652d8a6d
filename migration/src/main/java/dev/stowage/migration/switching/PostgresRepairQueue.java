package dev.stowage.migration.switching;

import dev.stowage.TenantId;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.internal.Jdbc;
import dev.stowage.support.Check;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A repair queue in the PostgreSQL table {@code stowage_switching_repair} (created if missing),
 * through plain JDBC on the application's {@link DataSource}: durable, and shared by every
 * application instance, so any instance's reconciler drains what any instance queued. Several
 * migrations share the table under different {@linkplain Builder#name names}. Thread-safe.
 * <pre>{@code
 * RepairQueue repairs = PostgresRepairQueue.builder(dataSource).name("contacts-to-pg").build();
 * }</pre>
 */
public final class PostgresRepairQueue implements RepairQueue {

    private final Jdbc jdbc;
    private final String table;
    private final String name;
    private volatile boolean tableReady;

    private PostgresRepairQueue(Builder builder) {
        this.jdbc = new Jdbc(builder.dataSource, "PostgreSQL repair queue", Jdbc.STORE_EXCEPTIONS);
        this.table = builder.schema + ".stowage_switching_repair";
        this.name = builder.name;
    }

    /**
     * @param dataSource connections to the database holding the queue's table
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Check.required(dataSource, "dataSource"));
    }

    private void ensureTable() {
        if (tableReady) {
            return;
        }
        jdbc.transaction("create the repair table", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + table + "'))");
                statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (queue TEXT NOT NULL, store TEXT NOT NULL,"
                        + " tenant_id TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, detail TEXT NOT NULL,"
                        + " ordinal BIGSERIAL, queued_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                        + " PRIMARY KEY (queue, store, tenant_id, kind, key, detail))");
            }
            return null;
        });
        tableReady = true;
    }

    @Override
    public void add(RepairKey key) {
        Check.required(key, "key");
        ensureTable();
        jdbc.call("queue a key", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + " (queue, store, tenant_id, kind, key, detail) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                bind(insert, key);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<RepairKey> peek(StoreKind store, int limit) {
        Check.required(store, "store");
        Check.batchLimit(limit);
        ensureTable();
        return jdbc.call("read queued keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id, kind, key, detail FROM " + table
                    + " WHERE queue = ? AND store = ? ORDER BY ordinal LIMIT ?")) {
                select.setString(1, name);
                select.setString(2, store.name());
                select.setInt(3, limit);
                List<RepairKey> keys = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(new RepairKey(store, TenantId.of(rows.getString(1)), RepairKey.Kind.valueOf(rows.getString(2)),
                                rows.getString(3), rows.getString(4)));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    public void remove(RepairKey key) {
        Check.required(key, "key");
        ensureTable();
        jdbc.call("remove a repaired key", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE queue = ? AND store = ? AND tenant_id = ? AND kind = ? AND key = ? AND detail = ?")) {
                bind(delete, key);
                delete.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public long size(StoreKind store) {
        Check.required(store, "store");
        ensureTable();
        return jdbc.call("count queued keys", connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + table
                    + " WHERE queue = ? AND store = ?")) {
                count.setString(1, name);
                count.setString(2, store.name());
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    private void bind(PreparedStatement statement, RepairKey key) throws java.sql.SQLException {
        statement.setString(1, name);
        statement.setString(2, key.store().name());
        statement.setString(3, key.tenant().value());
        statement.setString(4, key.kind().name());
        statement.setString(5, key.key());
        statement.setString(6, key.detail());
    }

    @Override
    public String toString() {
        return "PostgresRepairQueue[" + table + ", queue=" + name + "]";
    }

    /** Configures a {@link PostgresRepairQueue}. */
    public static final class Builder {

        private final DataSource dataSource;
        private String schema = "public";
        private String name = "default";

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * @param value the schema of the table (it must exist); default {@code public}
         * @return this builder
         * @throws dev.stowage.exception.ValidationException {@code schema} unless a lower-case SQL identifier
         */
        public Builder schema(String value) {
            this.schema = Jdbc.schema(value);
            return this;
        }

        /**
         * @param value the queue's name, so several migrations can share the table; default {@code default}
         * @return this builder
         * @throws dev.stowage.exception.ValidationException {@code name} if blank or longer than 100
         */
        public Builder name(String value) {
            this.name = Check.requiredText(value, "name", 100);
            return this;
        }

        /**
         * @return the queue (its table is created on first use)
         */
        public PostgresRepairQueue build() {
            return new PostgresRepairQueue(this);
        }
    }
}
