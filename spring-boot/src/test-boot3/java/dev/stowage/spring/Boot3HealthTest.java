package dev.stowage.spring;

import dev.stowage.spring.health.Boot3HealthAutoConfiguration;
import dev.stowage.testkit.PrivateRedis;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Boot 3's health API (run by module spring-boot-boot3-tests): up, and down once a private server is stopped. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class Boot3HealthTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class, Boot3HealthAutoConfiguration.class));

    @Test
    void the_memory_backend_is_up_and_health_can_be_turned_off() {
        runner.run(context -> assertThat(health(context, "memory").getStatus()).isEqualTo(Status.UP));
        runner.withPropertyValues("management.health.stowage.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("stowageHealthContributor"));
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

    private static Health health(AssertableApplicationContext context, String component) {
        CompositeHealthContributor contributor = context.getBean("stowageHealthContributor",
                CompositeHealthContributor.class);
        return ((HealthIndicator) contributor.getContributor(component)).health();
    }
}
