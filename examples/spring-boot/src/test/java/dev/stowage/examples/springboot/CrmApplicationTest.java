package dev.stowage.examples.springboot;

import dev.stowage.Stores;
import dev.stowage.micrometer.MeteredStores;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the example application as its main method does and checks what it did. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CrmApplicationTest {

    @Test
    void the_application_signs_customers_up_with_health_and_meters() {
        try (ConfigurableApplicationContext context = SpringApplication.run(CrmApplication.class,
                "--spring.main.banner-mode=off")) {
            assertThat(context.getBean(WelcomeReport.class).lines()).contains("ada@example.com has 100 credits",
                    "grace@example.com has 100 credits").anySatisfy(line -> assertThat(line).contains("contacts=memory"));

            Stores stores = context.getBean(Stores.class);
            assertThat(stores.contacts().findBySource("signup", "form-1")).isPresent();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find(MeteredStores.OPERATIONS).tag("operation", "upsertBySource")
                    .tag("outcome", "success").timer().count()).isEqualTo(3);
            HealthIndicator memory = (HealthIndicator) context.getBean("stowageHealthContributor",
                    CompositeHealthContributor.class).getContributor("memory");
            assertThat(memory.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void a_bad_property_stops_the_start_with_the_library_message() {
        assertThatThrownBy(() -> SpringApplication.run(CrmApplication.class, "--spring.main.banner-mode=off",
                "--stowage.backend=mongodb").close())
                .rootCause().hasMessageContaining("unknown backend 'mongodb'");
    }
}
