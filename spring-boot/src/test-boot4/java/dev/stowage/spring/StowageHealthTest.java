package dev.stowage.spring;

import dev.stowage.spring.health.StowageHealthAutoConfiguration;
import dev.stowage.spring.switching.StowageSwitchingAutoConfiguration;
import dev.stowage.testkit.PrivatePostgres;
import dev.stowage.testkit.PrivateRedis;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Health up, and down once a private server is stopped (never the shared servers). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageHealthTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class,
                    StowageHealthAutoConfiguration.class));

    @Test
    void the_memory_backend_is_up() {
        runner.run(context -> {
            Health health = health(context, "memory");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("backend", "memory");
            assertThat(contributor(context).getContributor("postgres")).isNull();
        });
    }

    @Test
    void health_can_be_turned_off() {
        runner.withPropertyValues("management.health.stowage.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("stowageHealthContributor"));
    }

    @Test
    void postgres_is_up_then_down_when_its_server_stops() {
        try (PrivatePostgres server = PrivatePostgres.start()) {
            runner.withPropertyValues("stowage.backend=postgres", "stowage.postgres.url=" + server.jdbcUrl("postgres"),
                    "stowage.postgres.user=postgres", "stowage.postgres.password=" + server.superuserPassword(),
                    "stowage.postgres.statement-timeout=2s", "stowage.postgres.pool.connection-timeout=1s")
                    .run(context -> {
                        assertThat(health(context, "postgres").getStatus()).isEqualTo(Status.UP);
                        server.close();
                        Health down = health(context, "postgres");
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(down.getDetails()).containsKeys("error", "message");
                        assertThat(down.getDetails().get("message").toString())
                                .doesNotContain(server.superuserPassword());
                    });
        }
    }

    @Test
    void redis_is_up_then_down_when_its_server_stops() {
        try (PrivateRedis server = PrivateRedis.start()) {
            runner.withPropertyValues("stowage.backend=redis", "stowage.redis.uri=" + server.uri(),
                    "stowage.redis.command-timeout=1s").run(context -> {
                assertThat(health(context, "redis").getStatus()).isEqualTo(Status.UP);
                server.close();
                Health down = health(context, "redis");
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsEntry("backend", "redis").containsKey("error");
            });
        }
    }

    @Test
    void the_cache_channel_is_up_then_down_when_its_redis_stops() {
        try (PrivateRedis server = PrivateRedis.start()) {
            runner.withPropertyValues("stowage.cache.enabled=true", "stowage.cache.broadcast=redis",
                    "stowage.redis.uri=" + server.uri(), "stowage.redis.command-timeout=1s").run(context -> {
                awaitStatus(() -> health(context, "cache-channel"), Status.UP);
                assertThat(health(context, "memory").getStatus()).as("the store of record").isEqualTo(Status.UP);
                server.close();
                awaitStatus(() -> health(context, "cache-channel"), Status.DOWN);
                assertThat(health(context, "cache-channel").getDetails()).containsEntry("bypassing", true);
            });
        }
    }

    @Test
    void a_moving_store_is_up_with_its_stage_and_queue_depth_then_down_when_its_control_database_stops() {
        try (PrivatePostgres control = PrivatePostgres.start()) {
            runner.withConfiguration(AutoConfigurations.of(StowageSwitchingAutoConfiguration.class))
                    .withPropertyValues("stowage.backends.next.type=memory", "stowage.contacts.migration.to=next",
                            "stowage.contacts.migration.stage=shadow", "stowage.contacts.migration.flag=shared",
                            "stowage.contacts.migration.control.url=" + control.jdbcUrl("postgres"),
                            "stowage.contacts.migration.control.user=postgres",
                            "stowage.contacts.migration.control.password=" + control.superuserPassword(),
                            "stowage.contacts.migration.poll-interval=50ms", "stowage.contacts.migration.lease=500ms",
                            "stowage.contacts.migration.reconcile-interval=0s")
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasBean("stowageContactsStageController");
                        Health up = health(context, "switching-contacts");
                        assertThat(up.getStatus()).isEqualTo(Status.UP);
                        assertThat(up.getDetails()).containsEntry("stage", "SHADOW")
                                .containsEntry("repairQueueDepth", 0L).containsEntry("confirmed", true);
                        control.close();
                        awaitStatus(() -> health(context, "switching-contacts"), Status.DOWN);
                        Health down = health(context, "switching-contacts");
                        assertThat(down.getDetails()).containsEntry("stage", "SHADOW").containsKey("error");
                        assertThat(down.getDetails().get("message").toString())
                                .doesNotContain(control.superuserPassword());
                    });
        }
    }

    @Test
    void without_a_broadcaster_there_is_no_channel_indicator() {
        runner.withPropertyValues("stowage.cache.enabled=true")
                .run(context -> assertThat(contributor(context).getContributor("cache-channel")).isNull());
    }

    private static CompositeHealthContributor contributor(AssertableApplicationContext context) {
        return context.getBean("stowageHealthContributor", CompositeHealthContributor.class);
    }

    private static Health health(AssertableApplicationContext context, String component) {
        return ((HealthIndicator) contributor(context).getContributor(component)).health();
    }

    /** Waits for the cache's event thread to notice the channel; never a fixed delay. */
    private static void awaitStatus(Supplier<Health> health, Status wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!health.get().getStatus().equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + wanted + ", last " + health.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
