package dev.stowage.postgres;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.conf.ParamType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A statement built with the typed jOOQ model, rendered once for the backend's schema and then
 * executed many times through a plain JDBC prepared statement. Rendering a jOOQ query costs more
 * client CPU than a point read's round trip on a local network, so the hottest statements (point
 * reads, postings) are rendered when the backend opens and only bound and executed per call. The
 * SQL still comes from the generated code, so it cannot drift from the schema. Thread-safe and
 * immutable.
 */
final class RenderedStatement {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        /**
         * @param row a result set positioned on a row
         * @return the mapped value
         * @throws SQLException if a column cannot be read
         */
        T map(ResultSet row) throws SQLException;
    }

    /**
     * An array parameter value, for statements that take whole columns of a batch at once
     * ({@code unnest}), so one statement writes any number of rows with a fixed SQL text.
     *
     * @param elementType the PostgreSQL element type, e.g. {@code "uuid"}, {@code "text"}, {@code "int8"}
     * @param elements    the elements; {@code null} elements are SQL NULLs
     */
    record SqlArray(String elementType, Object[] elements) {
    }

    private final String sql;
    private final int[] slots;
    /** Per parameter, the JDBC type a {@code null} is bound as; read from jOOQ once, as that builds a context per call. */
    private final int[] nullTypes;

    private RenderedStatement(String sql, List<Param<?>> parameters, int[] slots) {
        this.sql = sql;
        this.slots = slots;
        this.nullTypes = parameters.stream().mapToInt(parameter -> parameter.getDataType().getSQLType()).toArray();
    }

    /**
     * @param dsl   the backend's context (its schema mapping applies)
     * @param query the statement, with a {@code DSL.param(name, type)} for every value that
     *              changes per call
     * @param names the parameter names in the order {@link #bind} will receive their values
     * @return the rendered statement
     * @throws IllegalStateException if the query's parameters are not exactly {@code names}
     */
    static RenderedStatement render(DSLContext dsl, Query query, String... names) {
        Map<String, Param<?>> declared = new LinkedHashMap<>(query.getParams());
        declared.values().removeIf(Param::isInline);
        List<Param<?>> parameters = new ArrayList<>();
        for (String name : names) {
            Param<?> parameter = declared.get(name);
            if (parameter == null) {
                throw new IllegalStateException("statement has no parameter '" + name + "': " + query);
            }
            parameters.add(parameter);
        }
        if (declared.size() != names.length) {
            throw new IllegalStateException("statement has parameters " + declared.keySet() + ", expected "
                    + List.of(names));
        }
        List<String> occurrences = namedPlaceholders(dsl.renderContext().paramType(ParamType.NAMED).render(query));
        int[] slots = new int[occurrences.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = List.of(names).indexOf(occurrences.get(i));
            if (slots[i] < 0) {
                throw new IllegalStateException("statement binds '" + occurrences.get(i) + "', which is not declared");
            }
        }
        String sql = dsl.render(query);
        if (questionMarks(sql) != slots.length) {
            throw new IllegalStateException("rendered statement has " + questionMarks(sql) + " placeholders, "
                    + slots.length + " named ones: " + sql);
        }
        return new RenderedStatement(sql, List.copyOf(parameters), slots);
    }

    /**
     * @return the SQL with {@code ?} placeholders
     */
    String sql() {
        return sql;
    }

    /**
     * Runs the statement and maps every row.
     *
     * @param connection     the connection to run on
     * @param queryTimeout   JDBC query timeout in seconds, 0 for none
     * @param mapper         maps one row
     * @param values         the parameter values, in the order of the names given to {@link #render}
     * @param <T>            the row type
     * @return the mapped rows
     * @throws SQLException as the driver reports it; the caller translates it
     */
    <T> List<T> fetch(Connection connection, int queryTimeout, RowMapper<T> mapper, Object... values)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, values);
            if (queryTimeout > 0) {
                statement.setQueryTimeout(queryTimeout);
            }
            List<T> rows = new ArrayList<>(1);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(mapper.map(row));
                }
            }
            return rows;
        }
    }

    /**
     * {@code OffsetDateTime.ofInstant(instant, UTC)} without looking up the offset's rules, which
     * builds a new {@code ZoneRules} (and a map in it) on every call.
     */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    private void bind(Connection connection, PreparedStatement statement, Object... values) throws SQLException {
        if (values.length != nullTypes.length) {
            throw new IllegalArgumentException("expected " + nullTypes.length + " values, got " + values.length);
        }
        for (int i = 0; i < slots.length; i++) {
            Object value = values[slots[i]];
            int index = i + 1;
            if (value == null) {
                statement.setNull(index, nullTypes[slots[i]]);
            } else if (value instanceof Instant instant) {
                statement.setObject(index, utc(instant));
            } else if (value instanceof JSONB json) {
                statement.setString(index, json.data());
            } else if (value instanceof String[] texts) {
                statement.setArray(index, connection.createArrayOf("text", texts));
            } else if (value instanceof SqlArray array) {
                statement.setArray(index, connection.createArrayOf(array.elementType(), array.elements()));
            } else if (value instanceof UUID || value instanceof String || value instanceof Long
                    || value instanceof Boolean) {
                statement.setObject(index, value);
            } else {
                throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
            }
        }
    }

    /**
     * Reads a column as the Java type its generated jOOQ field has, so a row mapper can read a
     * JDBC row and a jOOQ record alike.
     *
     * @param row    a result set positioned on a row
     * @param column a 1-based column index
     * @param type   the Java type of the column's jOOQ field: UUID, String, Long, Instant
     *               (timestamptz), JSONB or String[] (text[])
     * @param <T>    that type
     * @return the value, or {@code null}
     * @throws SQLException if it cannot be read
     * @throws IllegalArgumentException for a type not listed
     */
    static <T> T column(ResultSet row, int column, Class<T> type) throws SQLException {
        Object value;
        if (type == UUID.class) {
            value = row.getObject(column, UUID.class);
        } else if (type == String.class) {
            value = row.getString(column);
        } else if (type == Long.class) {
            long number = row.getLong(column);
            value = row.wasNull() ? null : number;
        } else if (type == Instant.class) {
            value = instant(row, column);
        } else if (type == JSONB.class) {
            value = jsonb(row, column);
        } else if (type == String[].class) {
            value = texts(row, column);
        } else {
            throw new IllegalArgumentException("cannot read a column as " + type.getName());
        }
        return type.cast(value);
    }

    /**
     * @param row    a result set positioned on a row
     * @param column a 1-based column index of a timestamptz column
     * @return its value as an instant, or {@code null}
     * @throws SQLException if it cannot be read
     */
    static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * @param row    a result set positioned on a row
     * @param column a 1-based column index of a text[] column
     * @return its elements, or {@code null}
     * @throws SQLException if it cannot be read
     */
    static String[] texts(ResultSet row, int column) throws SQLException {
        java.sql.Array array = row.getArray(column);
        return array == null ? null : (String[]) array.getArray();
    }

    /**
     * @param row    a result set positioned on a row
     * @param column a 1-based column index of a jsonb column
     * @return its value, or {@code null}
     * @throws SQLException if it cannot be read
     */
    static JSONB jsonb(ResultSet row, int column) throws SQLException {
        String value = row.getString(column);
        return value == null ? null : JSONB.valueOf(value);
    }

    /**
     * @param elements text values, none {@code null}
     * @return their PostgreSQL array literal, e.g. {@code {"a","b \"c\""}}, for a text[] value
     *     sent as one element of a text array (arrays of arrays must be rectangular in PostgreSQL)
     */
    static String textArrayLiteral(Iterable<String> elements) {
        StringBuilder literal = new StringBuilder("{");
        for (String element : elements) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            if (element.indexOf('"') < 0 && element.indexOf('\\') < 0) {
                literal.append(element);
            } else {
                for (int i = 0; i < element.length(); i++) {
                    char c = element.charAt(i);
                    if (c == '"' || c == '\\') {
                        literal.append('\\');
                    }
                    literal.append(c);
                }
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    /** The names of {@code :name} placeholders in order, outside quoted identifiers and literals. */
    private static List<String> namedPlaceholders(String sql) {
        List<String> names = new ArrayList<>();
        forEachUnquoted(sql, (index, c) -> {
            if (c == ':' && index + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(index + 1))
                    && (index == 0 || sql.charAt(index - 1) != ':')) {
                int end = index + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(index + 1, end));
            }
        });
        return names;
    }

    private static int questionMarks(String sql) {
        int[] count = {0};
        forEachUnquoted(sql, (index, c) -> {
            if (c == '?') {
                count[0]++;
            }
        });
        return count[0];
    }

    private interface CharVisitor {
        void visit(int index, char c);
    }

    private static void forEachUnquoted(String sql, CharVisitor visitor) {
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else {
                visitor.visit(i, c);
            }
        }
    }

    @Override
    public String toString() {
        return sql;
    }
}
