package dev.stowage.spring;

import dev.stowage.Stores;
import dev.stowage.cache.Caching;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.micrometer.MeteredStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Meters go to the application's MeterRegistry bean, never to Micrometer's global registry. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class,
                    StowageMetricsAutoConfiguration.class));

    @Test
    void every_operation_is_timed_in_the_application_registry_and_errors_are_counted_by_type() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Stores stores = context.getBean(Stores.class);
            assertThat(MeteredStores.isMetered(stores)).isTrue();
            stores.contacts().create(ContactDraft.builder("ada@example.com").build());
            assertThatThrownBy(() -> stores.credits().post(Posting.deduction("acct", 1)))
                    .isInstanceOf(InsufficientCreditsException.class);

            assertThat(registry.find(MeteredStores.OPERATIONS).tag("store", "contacts").tag("backend", "memory")
                    .tag("operation", "create").tag("outcome", "success").timer().count()).isEqualTo(1);
            assertThat(registry.find(MeteredStores.OPERATIONS).tag("store", "credits").tag("operation", "post")
                    .tag("outcome", "InsufficientCreditsException").timer().count()).isEqualTo(1);
            assertThat(registry.find(MeteredStores.ERRORS).tag("exception", "InsufficientCreditsException")
                    .counter().count()).isEqualTo(1);
            assertThat(Metrics.globalRegistry.find(MeteredStores.OPERATIONS).tag("store", "contacts").meters())
                    .isEmpty();
        });
    }

    @Test
    void the_cache_meters_go_to_the_application_registry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("stowage.cache.enabled=true", "stowage.cache.node-id=boot-node").run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find("stowage.cache.gets").tag("node", "boot-node").tag("store", "contacts")
                            .tag("backend", "memory").tag("outcome", "hit").functionCounter()).isNotNull();
                    assertThat(Metrics.globalRegistry.find("stowage.cache.gets").tag("node", "boot-node").meters())
                            .isEmpty();
                    Stores stores = context.getBean(Stores.class);
                    Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
                    stores.contacts().get(ada.id());
                    stores.contacts().get(ada.id());
                    assertThat(registry.find("stowage.cache.gets").tag("node", "boot-node").tag("cache", "contacts")
                            .tag("outcome", "hit").functionCounter().count()).as("the statistics are recorded")
                            .isEqualTo(1.0);
                });
    }

    @Test
    void without_statistics_the_cache_meters_are_left_out_and_asking_for_both_fails() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("stowage.cache.enabled=true", "stowage.cache.statistics=false",
                        "stowage.cache.node-id=uncounted-boot-node").run(context -> {
                    assertThat(Caching.statistics(context.getBean(Stores.class)).orElseThrow().recorded()).isFalse();
                    assertThat(context.getBean(MeterRegistry.class).find("stowage.cache.gets")
                            .tag("node", "uncounted-boot-node").meters()).isEmpty();
                });
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("stowage.cache.enabled=true", "stowage.cache.statistics=false",
                        "stowage.cache.metrics=true").run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("stowage.cache.statistics=false"));
    }

    @Test
    void meters_can_be_turned_off_and_need_a_registry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("stowage.metrics.enabled=false")
                .run(context -> assertThat(MeteredStores.isMetered(context.getBean(Stores.class))).isFalse());
        runner.run(context -> {
            assertThat(MeteredStores.isMetered(context.getBean(Stores.class))).isFalse();
            assertThat(context).doesNotHaveBean("stowageMetricsCustomizer");
        });
    }
}
