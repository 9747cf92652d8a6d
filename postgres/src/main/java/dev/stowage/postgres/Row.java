package dev.stowage.postgres;

import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One result row read by column position (0-based), whether it came through jOOQ or through a
 * {@link RenderedStatement}'s plain JDBC result set, so that each entity is mapped from a row in
 * exactly one place ({@link RowMappers}). A JDBC failure while reading a column is rethrown as
 * jOOQ's {@link DataAccessException}, which {@link Database#translate} handles like any other.
 */
interface Row {

    /** @param column 0-based position @return the text value, or {@code null} */
    String text(int column);

    /** @param column 0-based position of a NOT NULL bigint @return its value */
    long int8(int column);

    /** @param column 0-based position of a timestamptz @return the instant, or {@code null} */
    Instant instant(int column);

    /** @param column 0-based position of a uuid @return the id, or {@code null} */
    UUID uuid(int column);

    /** @param column 0-based position of a text[] @return the elements, or {@code null} */
    String[] texts(int column);

    /** @param column 0-based position of a jsonb @return the value, or {@code null} */
    JSONB jsonb(int column);

    /**
     * @param record a jOOQ record whose fields are the entity's columns, in order
     * @return the row
     */
    static Row of(Record record) {
        return new Row() {
            @Override public String text(int column) { return record.get(column, String.class); }
            @Override public long int8(int column) { return record.get(column, Long.class); }
            @Override public Instant instant(int column) { return record.get(column, Instant.class); }
            @Override public UUID uuid(int column) { return record.get(column, UUID.class); }
            @Override public String[] texts(int column) { return record.get(column, String[].class); }
            @Override public JSONB jsonb(int column) { return record.get(column, JSONB.class); }
        };
    }

    /**
     * @param result a JDBC result set positioned on a row whose columns are the entity's, in order
     * @return the row
     */
    static Row of(ResultSet result) {
        return new Row() {
            @Override public String text(int column) {
                return read(() -> result.getString(column + 1));
            }

            @Override public long int8(int column) {
                return read(() -> result.getLong(column + 1));
            }

            @Override public Instant instant(int column) {
                return read(() -> {
                    OffsetDateTime value = result.getObject(column + 1, OffsetDateTime.class);
                    return value == null ? null : value.toInstant();
                });
            }

            @Override public UUID uuid(int column) {
                return read(() -> result.getObject(column + 1, UUID.class));
            }

            @Override public String[] texts(int column) {
                return read(() -> {
                    Array array = result.getArray(column + 1);
                    return array == null ? null : (String[]) array.getArray();
                });
            }

            @Override public JSONB jsonb(int column) {
                return read(() -> {
                    String value = result.getString(column + 1);
                    return value == null ? null : JSONB.valueOf(value);
                });
            }
        };
    }

    /** A JDBC column read. */
    @FunctionalInterface
    interface ColumnRead<T> {
        /** @return the value @throws SQLException if the driver cannot read it */
        T read() throws SQLException;
    }

    private static <T> T read(ColumnRead<T> read) {
        try {
            return read.read();
        } catch (SQLException e) {
            throw new DataAccessException("could not read a column: " + e.getMessage(), e);
        }
    }
}
