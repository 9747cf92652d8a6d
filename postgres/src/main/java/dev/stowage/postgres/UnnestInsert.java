package dev.stowage.postgres;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateStep;
import org.jooq.JSONB;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bulk inserts as one statement of fixed text, whatever the batch size:
 * {@code INSERT INTO t (tenant_id, c1, c2, ...) SELECT :tenant, cast(incoming.c1 as ...), ...
 * FROM unnest(:c1, :c2, ...) AS incoming (c1, c2, ...)}. Each column of the batch travels as one
 * array parameter, so the statement is rendered once per backend and PostgreSQL parses it once,
 * and no per-row bind list has to be built or rendered. {@code bigint} columns travel as
 * {@code bigint[]}; every other column as {@code text[]} and is cast to its type in the SELECT
 * (array columns as array literals, since PostgreSQL arrays cannot be ragged). Text goes into
 * {@code varchar(n)} columns by assignment, which still checks the length (an explicit cast to
 * {@code varchar(n)} would silently truncate).
 */
final class UnnestInsert {

    /** The alias of the unnested rows. */
    private static final String INCOMING = "incoming";

    private UnnestInsert() {
    }

    /**
     * @param dsl          the backend's context
     * @param table        the target table
     * @param tenantColumn its tenant column, filled from the {@code tenant} parameter
     * @param columns      the other columns, each filled from a parameter named like the column
     * @param <R>          the record type
     * @return the insert, ready for an ON CONFLICT clause and RETURNING
     */
    static <R extends Record> InsertOnDuplicateStep<R> insert(DSLContext dsl, Table<R> table, Field<String> tenantColumn,
                                                              List<Field<?>> columns) {
        List<Field<?>> arrays = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder unnest = new StringBuilder("unnest(");
        for (int i = 0; i < columns.size(); i++) {
            Field<?> column = columns.get(i);
            names.add(column.getName());
            arrays.add(isBigint(column) ? DSL.param(column.getName(), SQLDataType.BIGINT.array())
                    : DSL.param(column.getName(), SQLDataType.CLOB.array()));
            unnest.append(i == 0 ? "" : ", ").append('{').append(i).append('}');
        }
        Table<?> incoming = DSL.table(unnest.append(')').toString(), arrays.toArray(QueryPart[]::new))
                .as(INCOMING, names.toArray(String[]::new));
        List<Field<?>> targets = new ArrayList<>();
        List<Field<?>> values = new ArrayList<>();
        targets.add(tenantColumn);
        values.add(DSL.param("tenant", tenantColumn));
        for (Field<?> column : columns) {
            targets.add(column);
            if (isBigint(column)) {
                values.add(DSL.field(DSL.name(INCOMING, column.getName()), SQLDataType.BIGINT));
            } else {
                Field<String> text = DSL.field(DSL.name(INCOMING, column.getName()), SQLDataType.CLOB);
                values.add(column.getType() == String.class ? text : text.cast(column.getDataType()));
            }
        }
        return dsl.insertInto(table, targets).select(DSL.select(values).from(incoming));
    }

    /**
     * @param columns the columns given to {@link #insert}
     * @return the statement's parameter names: {@code tenant}, then the columns'
     */
    static String[] parameterNames(List<Field<?>> columns) {
        List<String> names = new ArrayList<>();
        names.add("tenant");
        columns.forEach(column -> names.add(column.getName()));
        return names.toArray(String[]::new);
    }

    /**
     * @param tenant  the tenant of every row
     * @param columns the columns given to {@link #insert}
     * @param rows    the rows' values ({@code Record}s holding those columns)
     * @return the statement's parameter values, in the order of {@link #parameterNames}
     */
    static Object[] values(String tenant, List<Field<?>> columns, List<? extends Record> rows) {
        Object[] values = new Object[columns.size() + 1];
        values[0] = tenant;
        for (int c = 0; c < columns.size(); c++) {
            Field<?> column = columns.get(c);
            Object[] elements = new Object[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                elements[r] = element(rows.get(r).get(column));
            }
            values[c + 1] = new RenderedStatement.SqlArray(isBigint(column) ? "int8" : "text", elements);
        }
        return values;
    }

    private static Object element(Object value) {
        if (value instanceof String[] texts) {
            return RenderedStatement.textArrayLiteral(List.of(texts));
        }
        if (value instanceof JSONB json) {
            return json.data();
        }
        if (value instanceof Instant || value instanceof UUID) {
            return value.toString();
        }
        return value;
    }

    private static boolean isBigint(Field<?> column) {
        return column.getType() == Long.class;
    }
}
