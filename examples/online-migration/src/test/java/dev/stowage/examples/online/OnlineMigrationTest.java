package dev.stowage.examples.online;

import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the walkthrough in memory (the README's first command) and from Redis to PostgreSQL on
 * the test servers: every stage appears in order, with the rollback, live traffic that never
 * failed, verification tables, and the final VALIDATED report.
 */
class OnlineMigrationTest {

    private static final List<String> STAGES_IN_ORDER = List.of("== OFF", "== DUAL_WRITE", "== SHADOW", "== LIVE",
            "Rollback: LIVE -> SHADOW", "== SHADOW", "== LIVE", "== RAMP_DOWN", "== COMPLETE", "Final report:");

    private static String run(String[] args, Map<String, String> environment, VerificationReport[] report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report[0] = OnlineMigration.run(OnlineMigration.Options.parse(args, environment),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertWalkthrough(String output, VerificationReport report, String from, String to) {
        assertThat(report.state()).isEqualTo(VerificationState.VALIDATED);
        assertThat(output.lines().filter(line -> STAGES_IN_ORDER.stream().anyMatch(line::startsWith))
                .map(line -> STAGES_IN_ORDER.stream().filter(line::startsWith).findFirst().orElseThrow()))
                .as(output).containsExactlyElementsOf(STAGES_IN_ORDER);
        assertThat(output).contains("Online migration " + from + " -> " + to)
                .contains("backfill CONTACTS")
                .contains("Verification " + from + " -> " + to + ": VALIDATED")
                .containsPattern("CONTACTS +contacts +walkthrough +(\\d+) +\\1 +0 +VALIDATED")
                .contains("VALIDATED: every record of " + from + " is in " + to + ", nothing lost")
                .doesNotContain("NOT VALIDATED")
                .containsPattern("Live traffic stopped before COMPLETE .*: [1-9]\\d* writes acknowledged, 0 failed");
    }

    @Test
    void inMemoryByDefault() {
        VerificationReport[] report = new VerificationReport[1];
        String output = run(new String[0], Map.of(), report);
        assertWalkthrough(output, report[0], "memory", "memory");
    }

    @Test
    void fromRedisToPostgres() {
        VerificationReport[] report = new VerificationReport[1];
        String output = run(new String[] {"--from", "redis", "--to", "postgres", "--seed", "100", "--writers", "2"},
                Map.of("STOWAGE_REDIS_URI", TestServers.redisUri(), "STOWAGE_POSTGRES_URL", TestServers.postgresUrl()),
                report);
        assertWalkthrough(output, report[0], "redis", "postgres");
    }

    @Test
    void unknownOptionsAreRefusedWithTheListOfOptions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnlineMigration.Options.parse(
                new String[] {"--from", "mongo"}, Map.of())).hasMessageContaining("--from is memory or redis");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnlineMigration.Options.parse(
                new String[] {"--fast"}, Map.of())).hasMessageContaining("--writers N");
    }
}
