package dev.stowage.postgres;

import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * A bulk write's rows sent with {@code COPY} into a temporary staging table of the connection,
 * from which one {@code INSERT ... SELECT ... ON CONFLICT} then writes them: COPY is PostgreSQL's
 * cheapest way in (no statement to parse per row or per array element, no casts), and the INSERT
 * keeps every rule of the statement it feeds (constraints, length checks by assignment, the
 * conflict guard). The staging table is created on a connection's first import and kept for the
 * session, {@code ON COMMIT DELETE ROWS}, so it is empty outside the import's transaction and
 * disappears with the connection. Rows none of whose keys the table holds can skip the staging
 * ({@link #copyUnlessTaken}). Only for connections of the PostgreSQL JDBC driver
 * ({@link #supports}).
 */
final class CopyStage {

    /** The staging columns' types, by the Java type of the target column. */
    private static final Map<Class<?>, String> STAGE_TYPES = Map.of(UUID.class, "uuid", String.class, "text",
            JSONB.class, "jsonb", String[].class, "text[]", Instant.class, "timestamptz", Long.class, "bigint");

    private static final String UNIQUE_VIOLATION = "23505";

    private final String name;
    private final List<Field<?>> columns;
    private final String create;
    private final String copy;

    /**
     * @param name    the staging table's name (in the session's temporary schema)
     * @param columns the staged columns, named and typed like the target's
     */
    CopyStage(String name, List<Field<?>> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        StringJoiner definitions = new StringJoiner(", ", "(", ")");
        for (Field<?> column : columns) {
            String type = STAGE_TYPES.get(column.getType());
            if (type == null) {
                throw new IllegalArgumentException("no staging type for column " + column.getName());
            }
            definitions.add(column.getName() + " " + type);
        }
        create = "CREATE TEMPORARY TABLE IF NOT EXISTS " + name + " " + definitions + " ON COMMIT DELETE ROWS";
        copy = copyInto("pg_temp." + name, columns);
    }

    /** @return the staging table, to select from */
    Table<?> table() {
        return DSL.table(DSL.name("pg_temp", name));
    }

    /**
     * @param column one of the staged columns
     * @param <T>    its type
     * @return the staging table's column of that name
     */
    <T> Field<T> column(Field<T> column) {
        return DSL.field(DSL.name(name, column.getName()), column.getDataType());
    }

    /**
     * @param connection a connection
     * @return whether COPY can be used on it (the PostgreSQL JDBC driver's, possibly wrapped by a pool)
     * @throws SQLException if the connection cannot tell
     */
    static boolean supports(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class);
    }

    /**
     * Stages the rows; the caller's transaction then selects them from {@link #table()}.
     *
     * @param connection the transaction's connection ({@link #supports} it)
     * @param rows       the rows, each holding every staged column
     * @throws SQLException if the table cannot be created or the COPY fails
     */
    void stage(Connection connection, List<? extends Record> rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(create);
        }
        copyIn(connection, copy, columns, rows);
    }

    /** Sends the rows with one COPY; every row must arrive. */
    private static void copyIn(Connection connection, String copy, List<Field<?>> columns,
                               List<? extends Record> rows) throws SQLException {
        try {
            long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(copy, new ByteArrayInputStream(csv(columns, rows)));
            if (copied != rows.size()) {
                throw new SQLException("COPY wrote " + copied + " of " + rows.size() + " rows");
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException("the rows are read from memory", impossible);
        }
    }

    /**
     * @param table   the target table, as SQL (qualified and quoted as needed)
     * @param columns the columns the rows give, named like the table's
     * @return the statement {@link #copyUnlessTaken} runs
     */
    static String copyInto(String table, List<Field<?>> columns) {
        StringJoiner names = new StringJoiner(", ", "(", ")");
        columns.forEach(column -> names.add(column.getName()));
        return "COPY " + table + " " + names + " FROM STDIN WITH (FORMAT csv)";
    }

    /**
     * COPYs the rows straight into their table, for a batch whose keys the table does not hold:
     * no staging and no conflict guard, so PostgreSQL does the work of one COPY. A unique
     * violation (a row written meanwhile, a unique key held by another row) undoes the COPY
     * (to a savepoint) and answers {@code false}, for the caller's guarded path to decide; any
     * other failure is the caller's, as the guarded statement's would be.
     *
     * @param connection the transaction's connection ({@link #supports} it)
     * @param copy       the statement of {@link #copyInto}
     * @param columns    its columns
     * @param rows       the rows, of one record type holding every column
     * @return whether the rows were written
     * @throws SQLException if the COPY fails other than by a unique violation
     */
    static boolean copyUnlessTaken(Connection connection, String copy, List<Field<?>> columns,
                                   List<? extends Record> rows) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            copyIn(connection, copy, columns, rows);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                connection.rollback(savepoint);
                return false;
            }
            throw e;
        }
        connection.releaseSavepoint(savepoint);
        return true;
    }

    /**
     * The rows as COPY's CSV: fields quoted (quotes doubled), NULL as an empty unquoted field,
     * text arrays as their PostgreSQL literal. The rows are of one record type; each column is
     * read by its index, found once on the first row (a lookup by field compares names).
     */
    private static byte[] csv(List<Field<?>> columns, List<? extends Record> rows) {
        if (rows.isEmpty()) {
            return new byte[0];
        }
        int[] indexes = new int[columns.size()];
        for (int c = 0; c < indexes.length; c++) {
            indexes[c] = rows.get(0).indexOf(columns.get(c));
            if (indexes[c] < 0) {
                throw new IllegalArgumentException("the rows have no column " + columns.get(c).getName());
            }
        }
        StringBuilder out = new StringBuilder(rows.size() * 320);
        for (Record row : rows) {
            for (int c = 0; c < indexes.length; c++) {
                if (c > 0) {
                    out.append(',');
                }
                appendField(out, row.get(indexes[c]));
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendField(StringBuilder out, Object value) {
        if (value == null) {
            return;
        }
        out.append('"');
        if (value instanceof String[] texts) {
            appendArrayLiteral(out, texts);
        } else {
            appendDoublingQuotes(out, value instanceof JSONB json ? json.data() : value.toString());
        }
        out.append('"');
    }

    /** A text[] literal inside a quoted CSV field: elements quoted and backslash-escaped, every quote doubled. */
    private static void appendArrayLiteral(StringBuilder out, String[] texts) {
        out.append('{');
        for (int i = 0; i < texts.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append("\"\"");
            String text = texts[i];
            if (text.indexOf('"') < 0 && text.indexOf('\\') < 0) {
                out.append(text);
            } else {
                for (int k = 0; k < text.length(); k++) {
                    char ch = text.charAt(k);
                    if (ch == '"') {
                        out.append("\\\"\"");
                    } else if (ch == '\\') {
                        out.append("\\\\");
                    } else {
                        out.append(ch);
                    }
                }
            }
            out.append("\"\"");
        }
        out.append('}');
    }

    private static void appendDoublingQuotes(StringBuilder out, String text) {
        int from = 0;
        for (int quote = text.indexOf('"'); quote >= 0; quote = text.indexOf('"', from)) {
            out.append(text, from, quote + 1).append('"');
            from = quote + 1;
        }
        out.append(text, from, text.length());
    }
}
