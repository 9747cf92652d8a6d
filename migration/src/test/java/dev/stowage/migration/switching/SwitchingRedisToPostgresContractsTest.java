package dev.stowage.migration.switching;

import dev.stowage.migration.TestBackend;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.DeploymentContracts;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every contract suite through the switching backend from Redis to PostgreSQL, with the stage
 * moving from test to test: before each test every store is set to the next stage in turn (OFF,
 * DUAL_WRITE, SHADOW, LIVE, RAMP_DOWN, COMPLETE, OFF, ...), every key read shadowed. So each
 * stage runs a sixth of every suite against the real servers, in one deployment (a full
 * deployment per stage would take six times as long); {@link SwitchingMemoryContractsTest} runs
 * every test at every stage. Each test works in a fresh tenant, so the stages never meet in one
 * test's data.
 */
class SwitchingRedisToPostgresContractsTest extends DeploymentContracts {

    private final ProgrammaticStageSource stage = ProgrammaticStageSource.startingAt(Stage.OFF);
    private final Map<Stage, Integer> testsPerStage = new EnumMap<>(Stage.class);
    private int next;

    @BeforeEach
    void nextStage() {
        Stage current = Stage.values()[next++ % Stage.values().length];
        stage.set(current);
        testsPerStage.merge(current, 1, Integer::sum);
    }

    @AfterAll
    void everyStageRanItsShare() {
        System.out.println("switching redis -> postgres contract tests per stage: " + testsPerStage);
        for (Stage each : Stage.values()) {
            assertThat(testsPerStage.getOrDefault(each, 0)).as("tests at %s", each).isGreaterThan(50);
        }
    }

    @Override
    protected StoreBackend openBackend(String namespace, Clock clock) {
        StoreBackend redis = RedisStores.builder(TestServers.redisUri()).prefix(namespace).clock(clock)
                .commandTimeout(Duration.ofSeconds(10)).buildBackend();
        StoreBackend postgres = PostgresStores.builder(TestServers.postgresUrl()).schema(namespace).clock(clock)
                .maxPoolSize(4).minIdle(0).buildBackend();
        return SwitchingBackend.builder(redis, postgres).contacts(stage).credits(stage).tokens(stage)
                .shadowRatio(1.0).metrics(false).build();
    }

    @Override
    protected void removeNamespace(String namespace) {
        TestBackend.sql("DROP SCHEMA IF EXISTS \"" + namespace + "\" CASCADE");
        TestBackend.deleteRedisKeys(TestBackend.Kind.REDIS, namespace);
    }
}
