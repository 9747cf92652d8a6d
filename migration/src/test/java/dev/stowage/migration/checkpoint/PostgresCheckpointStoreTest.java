package dev.stowage.migration.checkpoint;

import dev.stowage.migration.RecordCounts;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on the PostgreSQL store, and what sharing a run needs: concurrent creation and
 * claims from several store instances (as several processes would), leases that expire.
 */
class PostgresCheckpointStoreTest extends CheckpointStoreContract {

    static final String SCHEMA = "mig_ckpt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    static DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestServers.postgresUrl());
        return dataSource;
    }

    @BeforeAll
    static void createSchema() throws SQLException {
        execute("CREATE SCHEMA " + SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }

    static void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static PostgresCheckpointStore store(Duration lease) {
        return PostgresCheckpointStore.builder(dataSource()).schema(SCHEMA).lease(lease).build();
    }

    @Override
    CheckpointStore newStore() {
        return store(Duration.ofSeconds(30));
    }

    @Override
    CheckpointStore sameStorage() {
        return store(Duration.ofSeconds(30));
    }

    @Test
    void processes_opening_a_new_run_together_create_it_once() throws Exception {
        AtomicInteger planned = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RunState>> opened = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                PostgresCheckpointStore process = store(Duration.ofSeconds(30));
                opened.add(pool.submit(() -> {
                    start.await();
                    return process.open(runId, FINGERPRINT, () -> {
                        planned.incrementAndGet();
                        return PLAN;
                    });
                }));
            }
            start.countDown();
            for (Future<RunState> run : opened) {
                assertThat(run.get(30, TimeUnit.SECONDS).partitions()).hasSize(PLAN.size());
            }
            assertThat(planned).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrent_claims_from_several_processes_never_share_a_partition() throws Exception {
        List<PartitionSpec> plan = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            plan.add(new PartitionSpec("contacts/acme/" + i, dev.stowage.migration.RecordKind.CONTACTS, ACME,
                    null, null));
        }
        store.open(runId, FINGERPRINT, () -> plan);
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                PostgresCheckpointStore process = store(Duration.ofSeconds(30));
                String worker = "p" + w;
                workers.add(pool.submit(() -> {
                    while (true) {
                        var next = process.claim(runId, worker);
                        if (next.isEmpty()) {
                            return null;
                        }
                        if (!claimed.add(next.get().spec().id())) {
                            duplicates.add(next.get().spec().id());
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).isEmpty();
        assertThat(claimed).hasSize(40);
    }

    @Test
    void the_partition_of_a_worker_whose_lease_ran_out_is_claimed_again_and_the_old_owner_is_refused()
            throws InterruptedException {
        try (PostgresCheckpointStore shortLease = store(Duration.ofSeconds(1))) {
            shortLease.open(runId, FINGERPRINT, () -> PLAN);
            PartitionState taken = shortLease.claim(runId, "stalled").orElseThrow();
            shortLease.commit(runId, taken.spec().id(), "stalled", new BatchCommit("4",
                    new RecordCounts(4, 4, 0, 0, 0), 4, false, Duration.ZERO));
            assertThat(shortLease.claim(runId, "rescuer").orElseThrow().spec()).isNotEqualTo(taken.spec());
            Thread.sleep(1_500);
            PartitionState rescued = shortLease.claim(runId, "rescuer-2").orElseThrow();
            assertThat(rescued.spec()).isEqualTo(taken.spec());
            assertThat(rescued.position()).isEqualTo("4");
            assertThat(rescued.pending()).isEqualTo(4);
            assertThatThrownBy(() -> shortLease.commit(runId, taken.spec().id(), "stalled", new BatchCommit("8",
                    new RecordCounts(4, 4, 0, 0, 0), 0, false, Duration.ZERO))).isInstanceOf(LeaseLostException.class);
        }
    }

    @Test
    void renewing_keeps_a_lease_alive() throws InterruptedException {
        try (PostgresCheckpointStore shortLease = store(Duration.ofSeconds(1))) {
            shortLease.open(runId, FINGERPRINT, () -> PLAN);
            PartitionState taken = shortLease.claim(runId, "alive").orElseThrow();
            for (int i = 0; i < 6; i++) {
                Thread.sleep(300);
                shortLease.renew(runId, List.of("alive"));
            }
            shortLease.claim(runId, "other");
            shortLease.claim(runId, "other-2");
            assertThat(shortLease.claim(runId, "other-3")).isEmpty();
            shortLease.commit(runId, taken.spec().id(), "alive", new BatchCommit("1", RecordCounts.ZERO, 0, true,
                    Duration.ZERO));
            assertThat(shortLease.renewInterval()).isEqualTo(Duration.ofMillis(333).plusNanos(333_333));
        }
    }
}
