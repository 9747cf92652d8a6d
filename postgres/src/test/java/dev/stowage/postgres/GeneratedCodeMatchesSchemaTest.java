package dev.stowage.postgres;

import dev.stowage.postgres.internal.schema.Public;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.jooq.Field;
import org.jooq.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed code is generated at build time from the Flyway scripts by replaying them in jOOQ's
 * DDL simulation, not in PostgreSQL. This test migrates a real schema with the same scripts and
 * checks that PostgreSQL ended up with exactly the tables, columns, nullability, lengths and
 * primary keys the generated code believes in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedCodeMatchesSchemaTest {

    private final String schema = TestDatabase.uniqueSchema(GeneratedCodeMatchesSchemaTest.class);
    private StoreBackend backend;

    @BeforeAll
    void migrate() {
        backend = TestDatabase.builder(schema, MutableClock.standard()).buildBackend();
    }

    @AfterAll
    void drop() {
        backend.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void the_generated_tables_are_the_migrated_tables() {
        List<String> generated = Public.PUBLIC.getTables().stream().map(Table::getName).sorted().toList();
        List<String> migrated = strings("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name <> 'flyway_schema_history' ORDER BY table_name");
        assertThat(generated).isEqualTo(migrated);
    }

    @Test
    void every_generated_column_has_the_migrated_name_position_nullability_and_length() {
        for (Table<?> table : Public.PUBLIC.getTables()) {
            List<String> generated = new ArrayList<>();
            for (Field<?> field : table.fields()) {
                generated.add(field.getName() + " " + (field.getDataType().nullable() ? "NULL" : "NOT NULL")
                        + (field.getDataType().length() > 0 ? " " + field.getDataType().length() : ""));
            }
            List<String> migrated = strings("SELECT column_name || ' ' || CASE is_nullable WHEN 'YES' THEN 'NULL'"
                    + " ELSE 'NOT NULL' END || coalesce(' ' || character_maximum_length, '')"
                    + " FROM information_schema.columns WHERE table_schema = ? AND table_name = '" + table.getName()
                    + "' ORDER BY ordinal_position");
            assertThat(generated).as(table.getName()).isEqualTo(migrated);
        }
    }

    @Test
    void every_generated_primary_key_is_the_migrated_one() {
        for (Table<?> table : Public.PUBLIC.getTables()) {
            List<String> generated = table.getPrimaryKey().getFields().stream().map(Field::getName).toList();
            List<String> migrated = strings("SELECT a.attname FROM pg_index i"
                    + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true"
                    + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                    + " WHERE n.nspname = ? AND c.relname = '" + table.getName() + "' AND i.indisprimary"
                    + " ORDER BY k.position");
            assertThat(generated).as(table.getName()).isEqualTo(migrated);
        }
    }

    @Test
    void the_indexes_the_generated_code_knows_exist_in_postgresql() {
        TreeSet<String> generated = new TreeSet<>();
        Public.PUBLIC.getTables().forEach(table -> table.getIndexes().forEach(index -> generated.add(index.getName())));
        List<String> migrated = strings("SELECT indexname FROM pg_indexes WHERE schemaname = ?");
        assertThat(generated).isNotEmpty();
        assertThat(migrated).containsAll(generated);
    }

    private List<String> strings(String sql) {
        try (Connection connection = TestDatabase.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
