package dev.stowage.migration.switching;

import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three repair queues keep keys once, in order, per store; the durable ones survive a reopen. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepairQueueTest {

    private static final TenantId TENANT = TenantId.of("acme");
    private final String schema = "sw_repair_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    @TempDir
    Path dir;

    RepairQueueTest() {
        TestBackend.sql("CREATE SCHEMA " + schema);
        dataSource.setURL(TestServers.postgresUrl());
    }

    @AfterAll
    void dropSchema() {
        TestBackend.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private RepairQueue open(String kind) {
        return switch (kind) {
            case "memory" -> new MemoryRepairQueue();
            case "file" -> FileRepairQueue.open(dir.resolve("queue.jsonl"));
            default -> PostgresRepairQueue.builder(dataSource).schema(schema).name("q-" + dir.getFileName()).build();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file", "postgres"})
    void keys_are_held_once_in_order_per_store(String kind) {
        RepairQueue queue = open(kind);
        RepairKey first = RepairKey.of(StoreKind.CONTACTS, TENANT, RepairKey.Kind.CONTACT, UUID.randomUUID().toString());
        RepairKey second = new RepairKey(StoreKind.TOKENS, TENANT, RepairKey.Kind.CREDENTIAL, "ada", "gmail 'quoted' ✓");
        RepairKey third = RepairKey.of(StoreKind.CONTACTS, TENANT, RepairKey.Kind.CONTACT, UUID.randomUUID().toString());
        queue.add(first);
        queue.add(second);
        queue.add(third);
        queue.add(first);
        assertThat(queue.size(StoreKind.CONTACTS)).isEqualTo(2);
        assertThat(queue.size(StoreKind.TOKENS)).isEqualTo(1);
        assertThat(queue.size(StoreKind.CREDITS)).isZero();
        assertThat(queue.peek(StoreKind.CONTACTS, 10)).containsExactly(first, third);
        assertThat(queue.peek(StoreKind.CONTACTS, 1)).containsExactly(first);
        queue.remove(first);
        queue.remove(first);
        assertThat(queue.peek(StoreKind.CONTACTS, 10)).containsExactly(third);
        assertThat(queue.peek(StoreKind.TOKENS, 10)).containsExactly(second);
        assertThatThrownBy(() -> queue.peek(StoreKind.TOKENS, 0)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> queue.add(null)).isInstanceOf(ValidationException.class);
        queue.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "postgres"})
    void a_durable_queue_keeps_its_keys_when_reopened(String kind) {
        RepairKey key = RepairKey.of(StoreKind.CREDITS, TENANT, RepairKey.Kind.CREDIT_ACCOUNT, "acct-1");
        try (RepairQueue queue = open(kind)) {
            queue.add(key);
        }
        try (RepairQueue reopened = open(kind)) {
            assertThat(reopened.peek(StoreKind.CREDITS, 10)).containsExactly(key);
        }
    }

    @Test
    void a_repair_key_names_its_missing_parts() {
        assertThatThrownBy(() -> RepairKey.of(null, TENANT, RepairKey.Kind.CONTACT, "x"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("store");
        assertThat(new RepairKey(StoreKind.CONTACTS, TENANT, RepairKey.Kind.CONTACT, "x", null).detail()).isEmpty();
    }
}
