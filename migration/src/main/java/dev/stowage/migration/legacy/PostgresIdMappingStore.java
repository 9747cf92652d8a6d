package dev.stowage.migration.legacy;

import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.internal.Jdbc;
import dev.stowage.support.Check;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Id mappings in two PostgreSQL tables, created if missing (under an advisory lock), through
 * plain JDBC on the application's {@link DataSource}:
 * <pre>
 * stowage_legacy_namespace (namespace UUID PK, name TEXT, imported_at TIMESTAMPTZ)
 * stowage_legacy_id        (namespace UUID, collection TEXT, legacy_id TEXT, new_id UUID, records TEXT,
 *                           target_key TEXT, PRIMARY KEY (namespace, collection, legacy_id))
 * </pre>
 * Several processes may share them. Each {@link #record} is one statement, committed.
 * <pre>{@code
 * IdMappingStore ids = PostgresIdMappingStore.builder(dataSource).schema("migration").build();
 * }</pre>
 */
public final class PostgresIdMappingStore implements IdMappingStore {


    private final Jdbc jdbc;
    private final String namespaces;
    private final String ids;
    private volatile boolean tablesReady;

    private PostgresIdMappingStore(DataSource dataSource, String schema) {
        this.jdbc = new Jdbc(dataSource, "PostgreSQL id mapping store", IdMappingException::new);
        this.namespaces = schema + ".stowage_legacy_namespace";
        this.ids = schema + ".stowage_legacy_id";
    }

    /**
     * @param dataSource connections to the database holding the tables (not closed by the store)
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Check.required(dataSource, "dataSource"));
    }

    @Override
    public Instant open(UUID namespace, String name, Instant now) {
        Check.required(namespace, "namespace");
        Instant at = Check.instant(now, "now");
        ensureTables();
        return jdbc.call("open namespace " + namespace, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + namespaces
                    + " (namespace, name, imported_at) VALUES (?, ?, ?) ON CONFLICT (namespace) DO NOTHING")) {
                insert.setObject(1, namespace);
                insert.setString(2, name);
                insert.setTimestamp(3, Timestamp.from(at));
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT imported_at FROM " + namespaces
                    + " WHERE namespace = ?")) {
                select.setObject(1, namespace);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getTimestamp(1).toInstant();
                }
            }
        });
    }

    @Override
    public void record(UUID namespace, List<IdMapping> mappings) {
        if (mappings.isEmpty()) {
            return;
        }
        ensureTables();
        // One order for every writer, so that two workers recording overlapping entries cannot deadlock.
        List<IdMapping> sorted = new ArrayList<>(mappings);
        sorted.sort(Comparator.comparing(IdMapping::collection).thenComparing(IdMapping::legacyId));
        Map<String, IdMapping> distinct = new LinkedHashMap<>();
        sorted.forEach(m -> distinct.put(m.collection() + "\u0000" + m.legacyId(), m));
        jdbc.call("record " + distinct.size() + " id mappings", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + ids
                    + " AS t (namespace, collection, legacy_id, new_id, records, target_key)"
                    + " SELECT ?, * FROM unnest(?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[])"
                    + " ON CONFLICT (namespace, collection, legacy_id) DO UPDATE SET new_id = EXCLUDED.new_id,"
                    + " records = EXCLUDED.records, target_key = EXCLUDED.target_key"
                    + " WHERE (t.new_id, t.records, t.target_key)"
                    + " IS DISTINCT FROM (EXCLUDED.new_id, EXCLUDED.records, EXCLUDED.target_key)")) {
                List<IdMapping> list = new ArrayList<>(distinct.values());
                upsert.setObject(1, namespace);
                upsert.setArray(2, connection.createArrayOf("text", list.stream().map(IdMapping::collection).toArray()));
                upsert.setArray(3, connection.createArrayOf("text", list.stream().map(IdMapping::legacyId).toArray()));
                upsert.setArray(4, connection.createArrayOf("uuid", list.stream().map(IdMapping::id).toArray()));
                upsert.setArray(5, connection.createArrayOf("text", list.stream().map(m -> m.records().name()).toArray()));
                upsert.setArray(6, connection.createArrayOf("text", list.stream().map(IdMapping::targetKey).toArray()));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Map<String, IdMapping> find(UUID namespace, String collection, Collection<String> legacyIds) {
        if (legacyIds.isEmpty()) {
            return Map.of();
        }
        ensureTables();
        return jdbc.call("find id mappings", connection -> {
            Map<String, IdMapping> found = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT legacy_id, new_id, records, target_key FROM "
                    + ids + " WHERE namespace = ? AND collection = ? AND legacy_id = ANY(?)")) {
                select.setObject(1, namespace);
                select.setString(2, collection);
                select.setArray(3, connection.createArrayOf("text", legacyIds.toArray()));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.put(row.getString(1), new IdMapping(collection, row.getString(1), (UUID) row.getObject(2),
                                RecordKind.valueOf(row.getString(3)), row.getString(4)));
                    }
                }
            }
            return found;
        });
    }

    @Override
    public long count(UUID namespace, String collection) {
        ensureTables();
        return jdbc.call("count id mappings", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM " + ids
                    + " WHERE namespace = ? AND collection = ?")) {
                select.setObject(1, namespace);
                select.setString(2, collection);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    private void ensureTables() {
        if (tablesReady) {
            return;
        }
        jdbc.transaction("create the id mapping tables", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + ids + "'))");
                statement.execute("CREATE TABLE IF NOT EXISTS " + namespaces + " (namespace UUID PRIMARY KEY,"
                        + " name TEXT NOT NULL, imported_at TIMESTAMPTZ NOT NULL)");
                statement.execute("CREATE TABLE IF NOT EXISTS " + ids + " (namespace UUID NOT NULL,"
                        + " collection TEXT NOT NULL, legacy_id TEXT NOT NULL, new_id UUID NOT NULL, records TEXT NOT NULL,"
                        + " target_key TEXT NOT NULL, PRIMARY KEY (namespace, collection, legacy_id))");
            }
            return null;
        });
        tablesReady = true;
    }

    @Override
    public void close() {
        // The DataSource is the application's.
    }

    @Override
    public String toString() {
        return "PostgreSQL id mappings in " + ids;
    }

    /** Configures a {@link PostgresIdMappingStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String schema = "public";

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * @param value the schema of the tables (it must exist); default {@code public}
         * @return this builder
         * @throws ValidationException {@code field "schema"} unless it is a plain lower-case SQL identifier
         */
        public Builder schema(String value) {
            this.schema = Jdbc.schema(value);
            return this;
        }

        /** @return the store */
        public PostgresIdMappingStore build() {
            return new PostgresIdMappingStore(dataSource, schema);
        }
    }
}
