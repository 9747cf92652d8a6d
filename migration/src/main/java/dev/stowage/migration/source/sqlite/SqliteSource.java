package dev.stowage.migration.source.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.source.SourceRecord;
import dev.stowage.migration.source.UnreadableRecord;
import dev.stowage.support.Check;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The tables of a SQLite file, each a collection, read in keyset order by {@code rowid} (a
 * position is the last rowid returned), so a resumed read continues exactly after the last row.
 * The file is opened read-only.
 *
 * <p>SQLite's type affinity lets any column hold any storage class, so each value is read by its
 * real storage class ({@code typeof()}), never by the declared type: INTEGER → {@link Long},
 * REAL → {@link BigDecimal} of the double's shortest text, TEXT → {@link String}, BLOB →
 * {@code byte[]}, NULL → {@code null}. {@code "false"} in an INTEGER column stays the string
 * {@code "false"} and epoch milliseconds in a date column stay a {@link Long}: the mapping's
 * converters decide what they mean. A row holding a REAL infinity, which no decimal represents,
 * is an {@link UnreadableRecord}.
 *
 * <p>The legacy id is the table's single-column primary key when it has one, otherwise the rowid
 * (which {@code VACUUM} may renumber in tables without an {@code INTEGER PRIMARY KEY}: declare a
 * key for ids that must survive one). Tables {@code WITHOUT ROWID} are not supported.
 */
public final class SqliteSource implements RecordSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Connection connection;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<String> collections;
    private volatile boolean closed;

    private SqliteSource(Path file, List<String> only) {
        this.file = file;
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        try {
            this.connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open the SQLite file " + file.getFileName() + ": SQLite error "
                    + e.getErrorCode(), e);
        }
        try {
            List<String> names = only.isEmpty() ? tableNames() : only;
            for (String table : names) {
                tables.put(table, describe(table));
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw unavailable((SQLException) e);
        }
        this.collections = List.copyOf(tables.keySet());
    }

    /**
     * @param file a SQLite database file
     * @return a source reading every table of it (but SQLite's own {@code sqlite_*} tables), by name
     * @throws ValidationException        if the file does not exist or a table has no rowid
     * @throws StoreUnavailableException if it is not a SQLite database
     */
    public static SqliteSource open(Path file) {
        return open(file, List.of());
    }

    /**
     * @param file   a SQLite database file
     * @param tables the tables to read, in this order (empty: every table)
     * @return a source reading them
     * @throws ValidationException        if the file does not exist or a table is unknown or has no rowid
     * @throws StoreUnavailableException if it is not a SQLite database
     */
    public static SqliteSource open(Path file, List<String> tables) {
        Check.required(file, "file");
        Check.required(tables, "tables");
        if (!Files.isRegularFile(file)) {
            throw new ValidationException("file", "not-found", "is not a readable file: " + file.getFileName());
        }
        return new SqliteSource(file, List.copyOf(tables));
    }

    private List<String> tableNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private Table describe(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        try (PreparedStatement info = connection.prepareStatement("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")) {
            info.setString(1, table);
            try (ResultSet rows = info.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                    if (rows.getInt(2) > 0) {
                        primaryKey.add(rows.getString(1));
                    }
                }
            }
        }
        if (columns.isEmpty()) {
            throw new ValidationException("tables", "unknown-table", "the file has no table " + table);
        }
        try (PreparedStatement withoutRowid = connection.prepareStatement(
                "SELECT 1 FROM pragma_table_list WHERE schema = 'main' AND name = ? AND wr = 1")) {
            withoutRowid.setString(1, table);
            try (ResultSet rows = withoutRowid.executeQuery()) {
                if (rows.next()) {
                    throw new ValidationException("tables", "without-rowid", "the table " + table
                            + " is WITHOUT ROWID, which this source does not read");
                }
            }
        }
        StringBuilder select = new StringBuilder("SELECT rowid");
        for (String column : columns) {
            select.append(", typeof(").append(quote(column)).append("), ").append(quote(column));
        }
        select.append(" FROM ").append(quote(table)).append(" WHERE rowid > ? ORDER BY rowid LIMIT ?");
        String idColumn = primaryKey.size() == 1 ? primaryKey.get(0) : null;
        return new Table(table, List.copyOf(columns), idColumn, select.toString());
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String name() {
        return "sqlite:" + file.getFileName();
    }

    @Override
    public List<String> collections() {
        return collections;
    }

    @Override
    public synchronized RecordBatch read(String collection, String afterPosition, int limit) {
        Table table = table(collection);
        Check.range(limit, "limit", 1, Integer.MAX_VALUE);
        if (closed) {
            throw new StoreClosedException("the SQLite source " + name() + " is closed");
        }
        long after = afterPosition == null ? Long.MIN_VALUE : parsePosition(afterPosition);
        List<SourceRecord> records = new ArrayList<>();
        List<UnreadableRecord> unreadable = new ArrayList<>();
        long last = after;
        try (PreparedStatement select = connection.prepareStatement(table.select)) {
            select.setLong(1, after);
            select.setInt(2, limit + 1); // One more than asked tells whether the table goes on.
            try (ResultSet rows = select.executeQuery()) {
                int count = 0;
                boolean more = false;
                while (rows.next()) {
                    if (count == limit) {
                        more = true;
                        break;
                    }
                    count++;
                    last = rows.getLong(1);
                    readRow(table, rows, last, records, unreadable);
                }
                return new RecordBatch(records, unreadable, more ? Long.toString(last) : null);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void readRow(Table table, ResultSet rows, long rowid, List<SourceRecord> records,
                         List<UnreadableRecord> unreadable) throws SQLException {
        Map<String, Object> fields = new LinkedHashMap<>();
        String problem = null;
        for (int i = 0; i < table.columns.size(); i++) {
            String column = table.columns.get(i);
            int index = 3 + 2 * i;
            String storageClass = rows.getString(index - 1);
            Object value = switch (storageClass) {
                case "integer" -> rows.getLong(index);
                case "real" -> real(rows.getDouble(index));
                case "text" -> rows.getString(index);
                case "blob" -> rows.getBytes(index);
                default -> null;
            };
            if ("real".equals(storageClass) && value == null) {
                problem = "the column " + column + " holds a REAL infinity, which no decimal represents";
            }
            fields.put(column, value);
        }
        String raw = raw(fields);
        String location = "rowid " + rowid;
        if (problem != null) {
            unreadable.add(new UnreadableRecord(table.name, location, problem, raw));
            return;
        }
        Object id = table.idColumn == null ? Long.valueOf(rowid) : fields.get(table.idColumn);
        String legacyId = id instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
                : id instanceof BigDecimal decimal ? decimal.toPlainString() : id == null ? null : id.toString();
        if (legacyId == null || legacyId.isBlank()) {
            unreadable.add(new UnreadableRecord(table.name, location, "the primary key " + table.idColumn
                    + " is null or blank", raw));
            return;
        }
        records.add(new SourceRecord(table.name, legacyId, fields, raw));
    }

    /** The double's shortest decimal text, exactly; {@code null} for an infinity (SQLite stores no NaN). */
    private static BigDecimal real(double value) {
        return Double.isFinite(value) ? new BigDecimal(Double.toString(value)) : null;
    }

    /** The row as JSON; BLOBs as {@code {"$base64": "…"}}. */
    private static String raw(Map<String, Object> fields) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        fields.forEach((column, value) -> rendered.put(column,
                value instanceof byte[] bytes ? Map.of("$base64", Base64.getEncoder().encodeToString(bytes)) : value));
        try {
            return JSON.writeValueAsString(rendered);
        } catch (JsonProcessingException e) {
            return rendered.toString();
        }
    }

    private static long parsePosition(String position) {
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw new ValidationException("position", "unknown-position", "must be a rowid as this source writes it");
        }
    }

    private Table table(String collection) {
        Table table = collection == null ? null : tables.get(collection);
        if (table == null) {
            throw new ValidationException("collection", "unknown-collection", "is not a table of " + name());
        }
        return table;
    }

    @Override
    public synchronized OptionalLong estimatedCount(String collection) {
        Table table = table(collection);
        if (closed) {
            return OptionalLong.empty();
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quote(table.name))) {
            return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * @return whether the database connection is open, for tests of {@link #close()}
     */
    public boolean isOpen() {
        try {
            return !connection.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // A read-only connection: nothing is lost.
        }
    }

    private StoreUnavailableException unavailable(SQLException e) {
        return new StoreUnavailableException("cannot read the SQLite file " + file.getFileName() + ": SQLite error "
                + e.getErrorCode(), e);
    }

    private record Table(String name, List<String> columns, String idColumn, String select) {
    }
}
