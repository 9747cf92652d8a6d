package dev.stowage.postgres;

import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
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
 * disappears with the connection. Only for connections of the PostgreSQL JDBC driver
 * ({@link #supports}).
 */
final class CopyStage {

    /** The staging columns' types, by the Java type of the target column. */
    private static final Map<Class<?>, String> STAGE_TYPES = Map.of(UUID.class, "uuid", String.class, "text",
            JSONB.class, "jsonb", String[].class, "text[]", Instant.class, "timestamptz", Long.class, "bigint");

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
        StringJoiner names = new StringJoiner(", ", "(", ")");
        for (Field<?> column : columns) {
            String type = STAGE_TYPES.get(column.getType());
            if (type == null) {
                throw new IllegalArgumentException("no staging type for column " + column.getName());
            }
            definitions.add(column.getName() + " " + type);
            names.add(column.getName());
        }
        create = "CREATE TEMPORARY TABLE IF NOT EXISTS " + name + " " + definitions + " ON COMMIT DELETE ROWS";
        copy = "COPY pg_temp." + name + " " + names + " FROM STDIN WITH (FORMAT csv)";
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
        try {
            long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(copy, new ByteArrayInputStream(csv(rows)));
            if (copied != rows.size()) {
                throw new SQLException("COPY staged " + copied + " of " + rows.size() + " rows");
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException("the rows are read from memory", impossible);
        }
    }

    /** The rows as COPY's CSV: fields quoted (quotes doubled), NULL as an empty unquoted field. */
    private byte[] csv(List<? extends Record> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 256);
        StringBuilder line = new StringBuilder(256);
        for (Record row : rows) {
            line.setLength(0);
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    line.append(',');
                }
                String text = text(row.get(columns.get(c)));
                if (text != null) {
                    line.append('"');
                    for (int i = 0; i < text.length(); i++) {
                        char ch = text.charAt(i);
                        line.append(ch);
                        if (ch == '"') {
                            line.append('"');
                        }
                    }
                    line.append('"');
                }
            }
            line.append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String[] texts) {
            return RenderedStatement.textArrayLiteral(List.of(texts));
        }
        if (value instanceof JSONB json) {
            return json.data();
        }
        return value.toString();
    }
}
