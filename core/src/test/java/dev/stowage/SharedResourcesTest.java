package dev.stowage;

import dev.stowage.spi.BackendContext;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an embedding application shares with the backends (BackendContext.resources), and StoreBackend.unwrap. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SharedResourcesTest {

    @Test
    void stowage_open_hands_the_shared_resources_to_every_backend() {
        StringBuilder shared = new StringBuilder("the application's client");
        int before = FakeBackendProvider.contexts.size();
        try (Stores stores = Stowage.open(StowageConfig.of(Map.of("stowage.backend", "fake",
                "stowage.tokens.backend", "other")), Clock.systemUTC(), Map.of(CharSequence.class, shared))) {
            List<BackendContext> contexts = FakeBackendProvider.contexts.subList(before,
                    FakeBackendProvider.contexts.size());
            assertThat(contexts).hasSize(2).allSatisfy(context ->
                    assertThat(context.resource(CharSequence.class)).containsSame(shared));
            assertThat(stores.backends()).hasSize(2);
        }
    }

    @Test
    void a_context_without_resources_has_none_and_a_resource_must_be_of_its_type() {
        BackendContext plain = new BackendContext(StowageConfig.of(Map.of()), Clock.systemUTC());
        assertThat(plain.resources()).isEmpty();
        assertThat(plain.resource(CharSequence.class)).isEmpty();
        assertThatThrownBy(() -> new BackendContext(StowageConfig.of(Map.of()), Clock.systemUTC(),
                Map.of(Integer.class, "not a number"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a java.lang.Integer");
    }

    @Test
    void unwrap_finds_the_backend_itself_by_its_type_only() {
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "fake"))) {
            StoreBackend backend = stores.contactsBackend();
            assertThat(backend.unwrap(FakeBackendProvider.FakeBackend.class).map(StoreBackend.class::cast)).containsSame(backend);
            assertThat(backend.unwrap(StoreBackend.class)).containsSame(backend);
            assertThat(backend.unwrap(dev.stowage.encryption.EncryptingBackend.class)).isEmpty();
        }
    }
}
