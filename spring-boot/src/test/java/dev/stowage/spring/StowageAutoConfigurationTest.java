package dev.stowage.spring;

import dev.stowage.Stores;
import dev.stowage.StowageConfig;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class));

    @Test
    void every_store_is_in_memory_by_default() {
        runner.run(context -> {
            Stores stores = context.getBean(Stores.class);
            assertThat(stores.backends()).extracting(StoreBackend::name).containsExactly("memory");
            Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
            assertThat(stores.contacts().get(ada.id())).contains(ada);
        });
    }

    @Test
    void the_properties_are_the_keys_of_stowage_open_with_relaxed_binding() {
        runner.withPropertyValues("stowage.tenant=acme", "stowage.cache.enabled=true", "stowage.cache.maximumSize=5")
                .run(context -> {
                    StowageConfig config = context.getBean(StowageConfig.class);
                    assertThat(config.get("stowage.cache.maximum-size")).contains("5");
                    assertThat(config.keys()).contains("stowage.cache.maximum-size");
                    assertThat(context.getBean(Stores.class).tenant().value()).isEqualTo("acme");
                });
    }

    @Test
    void bad_properties_fail_the_start_with_the_library_message() {
        runner.withPropertyValues("stowage.bogus-key=1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("unknown configuration key 'stowage.bogus-key'");
        });
        runner.withPropertyValues("stowage.backend=postgres").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("stowage.postgres.url is required for the postgres backend");
        });
        runner.withPropertyValues("stowage.cache.enabled=true", "stowage.cache.contacts.ttl=soon").run(context ->
                assertThat(rootCause(context.getStartupFailure())).isInstanceOf(StoreConfigurationException.class)
                        .hasMessageContaining("stowage.cache.contacts.ttl must be a duration"));
    }

    @Test
    void the_stores_are_closed_with_the_context() {
        AtomicReference<Stores> opened = new AtomicReference<>();
        runner.run(context -> opened.set(context.getBean(Stores.class)));
        assertThatThrownBy(() -> opened.get().contacts()).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void user_beans_win() {
        runner.withUserConfiguration(OwnStores.class).run(context -> {
            assertThat(context).hasSingleBean(Stores.class);
            assertThat(context.getBean(Stores.class)).isSameAs(context.getBean(OwnStores.class).stores);
        });
        runner.withBean(StowageConfig.class, () -> StowageConfig.of(Map.of("stowage.tenant", "mine")))
                .withPropertyValues("stowage.tenant=ignored")
                .run(context -> assertThat(context.getBean(Stores.class).tenant().value()).isEqualTo("mine"));
        runner.withBean(StowageResources.class, StowageResources::none)
                .run(context -> assertThat(context.getBean(StowageResources.class).byType()).isEmpty());
    }

    @Test
    void the_application_clock_and_customizers_are_used() {
        Instant fixed = Instant.parse("2030-01-02T03:04:05Z");
        runner.withBean(Clock.class, () -> Clock.fixed(fixed, ZoneOffset.UTC))
                .withBean(StowageStoresCustomizer.class, () -> (stores, config) -> stores.forTenant(
                        dev.stowage.TenantId.of("customized")))
                .run(context -> {
                    Stores stores = context.getBean(Stores.class);
                    assertThat(stores.tenant().value()).isEqualTo("customized");
                    assertThat(stores.contacts().create(ContactDraft.builder("c@example.com").build()).createdAt())
                            .isEqualTo(fixed);
                });
    }

    static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStores {
        final Stores stores = InMemoryStores.create();

        @Bean(destroyMethod = "close")
        Stores myStores() {
            return stores;
        }
    }
}
