package dev.stowage.postgres;

import dev.stowage.testkit.TestServers;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The COPY straight into a table that an import of new contacts takes: the rows arrive intact
 * (quotes, backslashes, text arrays, NULLs), and a unique violation undoes only that COPY, so the
 * transaction goes on with the guarded path.
 */
class CopyStageTest {

    private static final Field<UUID> ID = DSL.field(DSL.name("id"), UUID.class);
    private static final Field<String> NAME = DSL.field(DSL.name("name"), String.class);
    private static final Field<String[]> TAGS = DSL.field(DSL.name("tags"), String[].class);
    private static final List<Field<?>> COLUMNS = List.of(ID, NAME, TAGS);

    private final String schema = "copy_stage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final DSLContext dsl = DSL.using(SQLDialect.POSTGRES);

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private Record row(UUID id, String name, String... tags) {
        Record record = dsl.newRecord(ID, NAME, TAGS);
        record.set(ID, id);
        record.set(NAME, name);
        record.set(TAGS, tags);
        return record;
    }

    @Test
    void new_rows_are_copied_intact_and_a_unique_violation_undoes_only_that_copy() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
                statement.execute("CREATE TABLE " + schema + ".t (id uuid PRIMARY KEY, name text, tags text[] NOT NULL)");
            }
            connection.setAutoCommit(false);
            String copy = CopyStage.copyInto(schema + ".t", COLUMNS);

            assertThat(CopyStage.copyUnlessTaken(connection, copy, COLUMNS, List.of(
                    row(first, "say \"hi\", C:\\path ✓", "a\"b", "c\\d", "plain", ""),
                    row(second, null)))).as("none of the rows was stored").isTrue();
            assertThat(CopyStage.copyUnlessTaken(connection, copy, COLUMNS, List.of(
                    row(UUID.randomUUID(), "new"), row(first, "again")))).as("one id is taken").isFalse();
            connection.commit();

            List<String> stored = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id, name, tags FROM " + schema + ".t ORDER BY name NULLS LAST")) {
                while (rows.next()) {
                    stored.add(rows.getObject(1) + " | " + rows.getString(2) + " | "
                            + List.of((String[]) rows.getArray(3).getArray()));
                }
            }
            assertThat(stored).containsExactly(
                    first + " | say \"hi\", C:\\path ✓ | [a\"b, c\\d, plain, ]",
                    second + " | null | []");
        }
    }
}
