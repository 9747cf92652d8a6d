package dev.stowage.spring;

import dev.stowage.Stores;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.Stage;
import dev.stowage.migration.switching.StageController;
import dev.stowage.migration.switching.SwitchingBackend;
import dev.stowage.spring.health.Probe;
import dev.stowage.spring.health.StowageProbes;
import dev.stowage.spring.switching.StowageSwitchingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that moves between two memory instances: its switching backend and stage controller are
 * beans, its health shows the stage and the repair queue's depth, its meters are in the
 * application's registry; nothing of it when no store moves.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageSwitchingAutoConfigurationTest {

    private static final String[] CONTACTS_MOVE = {"stowage.backends.next.type=memory",
            "stowage.contacts.migration.to=next", "stowage.contacts.migration.stage=dual-write",
            "stowage.contacts.migration.flag=programmatic", "stowage.contacts.migration.reconcile-interval=0s"};

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class,
                    StowageMetricsAutoConfiguration.class, StowageSwitchingAutoConfiguration.class));

    @Test
    void a_moving_store_exposes_its_switching_backend_and_stage_controller_at_the_configured_stage() {
        runner.withPropertyValues(CONTACTS_MOVE).run(context -> {
            assertThat(context).hasNotFailed();
            SwitchingBackend switching = context.getBean("stowageContactsSwitchingBackend", SwitchingBackend.class);
            StageController controller = context.getBean("stowageContactsStageController", StageController.class);
            assertThat(switching.stage(StoreKind.CONTACTS)).isEqualTo(Stage.DUAL_WRITE);
            assertThat(controller.stage()).isEqualTo(Stage.DUAL_WRITE);
            assertThat(switching.oldBackend().name()).isEqualTo("memory");
            assertThat(switching.newBackend().name()).isEqualTo("memory");

            Contact ada = context.getBean(Stores.class).contacts().create(ContactDraft.builder("ada@example.com").build());
            assertThat(switching.newBackend().contacts(context.getBean(Stores.class).tenant()).get(ada.id()))
                    .as("dual-write replicated the new contact").contains(ada);
            assertThat(context).doesNotHaveBean("stowageCreditsSwitchingBackend")
                    .doesNotHaveBean("stowageTokensStageController");
        });
    }

    @Test
    void the_health_of_a_moving_store_shows_its_stage_and_repair_queue_depth() {
        runner.withPropertyValues(CONTACTS_MOVE).run(context -> {
            Map<String, Supplier<Probe>> probes = StowageProbes.of(context.getBean(Stores.class));
            assertThat(probes).containsKey("switching-contacts").doesNotContainKey("switching-credits");
            Probe probe = probes.get("switching-contacts").get();
            assertThat(probe.up()).isTrue();
            assertThat(probe.details()).containsEntry("stage", "DUAL_WRITE").containsEntry("repairQueueDepth", 0L)
                    .containsEntry("confirmed", true).containsEntry("from", "memory").containsEntry("to", "memory");

            context.getBean("stowageContactsStageController", StageController.class).back();
            assertThat(probes.get("switching-contacts").get().details()).containsEntry("stage", "OFF");
        });
    }

    @Test
    void a_statically_staged_store_has_its_switching_backend_but_no_stage_controller() {
        runner.withPropertyValues("stowage.backends.next.type=memory", "stowage.tokens.migration.to=next",
                "stowage.tokens.migration.stage=shadow").run(context -> {
                    assertThat(context).hasNotFailed().hasBean("stowageTokensSwitchingBackend")
                            .doesNotHaveBean(StageController.class);
                    assertThat(context.getBean("stowageTokensSwitchingBackend", SwitchingBackend.class)
                            .stage(StoreKind.TOKENS)).isEqualTo(Stage.SHADOW);
                });
    }

    @Test
    void the_switching_meters_go_to_the_application_registry() {
        runner.withPropertyValues(CONTACTS_MOVE).withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(context.getBean(Stores.class).contactsBackend().unwrap(SwitchingBackend.class))
                    .as("found below the meters").isPresent();
            assertThat(registry.find("stowage.switching.repair.depth").tag("store", "contacts").gauge())
                    .isNotNull().satisfies(gauge -> assertThat(gauge.value()).isZero());
        });
    }

    @Test
    void a_bean_of_the_same_name_wins() {
        runner.withPropertyValues(CONTACTS_MOVE)
                .withBean("stowageContactsSwitchingBackend", SwitchingBackend.class,
                        () -> SwitchingBackend.builder(dev.stowage.inmemory.InMemoryStores.backend(java.time.Clock.systemUTC()),
                                dev.stowage.inmemory.InMemoryStores.backend(java.time.Clock.systemUTC())).build())
                .run(context -> assertThat(context.getBean("stowageContactsSwitchingBackend", SwitchingBackend.class))
                        .isNotSameAs(context.getBean(Stores.class).contactsBackend().unwrap(SwitchingBackend.class)
                                .orElseThrow()));
    }

    @Test
    void nothing_of_it_when_no_store_moves() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SwitchingBackend.class)
                    .doesNotHaveBean(StageController.class);
            assertThat(StowageProbes.of(context.getBean(Stores.class)).keySet()).noneMatch(name -> name.startsWith("switching"));
        });
    }
}
