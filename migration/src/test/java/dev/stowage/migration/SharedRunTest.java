package dev.stowage.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.TenantId;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationState;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes (two child JVMs) share one run through the PostgreSQL checkpoint store: they
 * split the partitions between them, each partition is copied exactly once, and when one process
 * dies the other finishes its partitions once their lease has run out.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SharedRunTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    static final Dataset DATA = new Dataset(16_000, 400, 400);
    static final List<String> CHILD_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path files;

    /** A partition row as the PostgreSQL checkpoint store keeps it. */
    record Row(String id, boolean done, int claims, long read, long written, long skipped, String finishedBy) {
    }

    @Test
    void two_processes_sharing_a_run_copy_each_partition_exactly_once() throws Exception {
        String schema = "mig_shared_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TestBackend.sql("CREATE SCHEMA " + schema);
        try (TestBackend source = TestBackend.open(Kind.REDIS, CLOCK, "shared_src");
             TestBackend target = TestBackend.open(Kind.POSTGRES, CLOCK, "shared_dst")) {
            DATA.populate(source.backend(), TenantId.DEFAULT, 31);
            Path gate = files.resolve("gate");
            List<ChildJvm> processes = new ArrayList<>();
            try {
                for (String name : List.of("a", "b")) {
                    processes.add(ChildJvm.start(CopyProcess.class, CHILD_OPTIONS, files.resolve(name + ".err"),
                            args(source, target, schema, 30, gate, files.resolve(name + ".json"))));
                }
                for (ChildJvm process : processes) {
                    assertThat(process.awaitLine("STARTED"::equals, 120_000)).as(process.errors()).isTrue();
                }
                Files.createFile(gate);
                for (ChildJvm process : processes) {
                    assertThat(process.await(600)).as(process.errors()).isZero();
                }
            } finally {
                for (ChildJvm process : processes) {
                    process.close();
                }
            }

            List<Row> rows = rows(schema);
            assertThat(rows).as("16 contact ranges, one partition each for accounts, credentials, families, the denylist")
                    .hasSize(16 + 4);
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.done()).as(row.id()).isTrue();
                assertThat(row.claims()).as(row.id() + " claimed once").isEqualTo(1);
                assertThat(row.written()).as(row.id() + " written once").isEqualTo(row.read());
                assertThat(row.skipped()).as(row.id()).isZero();
            });
            Set<String> processesThatWorked = new HashSet<>();
            rows.forEach(row -> processesThatWorked.add(row.finishedBy().substring(0, row.finishedBy().indexOf('/'))));
            assertThat(processesThatWorked).as("both processes copied partitions").hasSize(2);
            for (String name : List.of("a", "b")) {
                JsonNode report = new ObjectMapper().readTree(files.resolve(name + ".json").toFile());
                assertThat(report.path("complete").asBoolean()).isTrue();
                assertThat(report.path("totals").path("written").asLong()).isEqualTo(DATA.total());
            }
            assertThat(Verification.of(source.backend(), target.backend()).clock(CLOCK).run().state())
                    .isEqualTo(VerificationState.VALIDATED);
        } finally {
            TestBackend.sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void when_one_process_dies_the_other_finishes_its_partitions_after_their_lease() throws Exception {
        String schema = "mig_shared_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TestBackend.sql("CREATE SCHEMA " + schema);
        try (TestBackend source = TestBackend.open(Kind.REDIS, CLOCK, "shared_src");
             TestBackend target = TestBackend.open(Kind.POSTGRES, CLOCK, "shared_dst")) {
            DATA.populate(source.backend(), TenantId.DEFAULT, 32);
            Path gate = files.resolve("gate");
            try (ChildJvm doomed = ChildJvm.start(CopyProcess.class, CHILD_OPTIONS, files.resolve("doomed.err"),
                    args(source, target, schema, 2, gate, files.resolve("doomed.json")));
                 ChildJvm survivor = ChildJvm.start(CopyProcess.class, CHILD_OPTIONS, files.resolve("survivor.err"),
                         args(source, target, schema, 2, gate, files.resolve("survivor.json")))) {
                assertThat(doomed.awaitLine("STARTED"::equals, 120_000)).as(doomed.errors()).isTrue();
                assertThat(survivor.awaitLine("STARTED"::equals, 120_000)).as(survivor.errors()).isTrue();
                Files.createFile(gate);
                assertThat(doomed.awaitLine(line -> line.startsWith("PROGRESS"), 120_000)).isTrue();
                doomed.kill();
                assertThat(survivor.await(600)).as(survivor.errors()).isZero();
            }
            List<Row> rows = rows(schema);
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.done()).as(row.id()).isTrue();
                assertThat(row.read()).as(row.id()).isEqualTo(row.written() + row.skipped());
            });
            assertThat(rows.stream().filter(row -> row.claims() == 2).count())
                    .as("partitions taken over from the dead process").isBetween(1L, 2L);
            assertThat(rows.stream().mapToLong(Row::skipped).sum()).isLessThanOrEqualTo(2 * 200);
            JsonNode report = new ObjectMapper().readTree(files.resolve("survivor.json").toFile());
            assertThat(report.path("complete").asBoolean()).isTrue();
            assertThat(report.path("totals").path("read").asLong()).isEqualTo(DATA.total());
            assertThat(Verification.of(source.backend(), target.backend()).clock(CLOCK).run().state())
                    .isEqualTo(VerificationState.VALIDATED);
        } finally {
            TestBackend.sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static List<String> args(TestBackend source, TestBackend target, String schema, int leaseSeconds,
                                     Path gate, Path report) {
        return List.of("source=redis:" + source.space(), "target=postgres:" + target.space(),
                "checkpoints=postgres:" + schema + ":" + leaseSeconds, "run=shared", "batch=200", "workers=2",
                "ranges=16", "gate=" + gate, "report=" + report);
    }

    private static List<Row> rows(String schema) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(dev.stowage.testkit.TestServers.postgresUrl());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT partition_id, done, claims, read_count, written_count,"
                     + " skipped_count, finished_by FROM " + schema + ".stowage_migration_partition ORDER BY ordinal")) {
            while (result.next()) {
                rows.add(new Row(result.getString(1), result.getBoolean(2), result.getInt(3), result.getLong(4),
                        result.getLong(5), result.getLong(6), result.getString(7)));
            }
        }
        return rows;
    }
}
