package dev.stowage.micrometer;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.ValidationException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.token.TokenStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MeteredStoresTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Stores stores = MeteredStores.wrap(InMemoryStores.create(Clock.systemUTC()), registry);

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void each_successful_operation_records_one_timer_sample_with_store_backend_operation_and_outcome() {
        Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
        stores.contacts().get(ada.id());
        stores.contacts().get(UUID.randomUUID());
        stores.credits().post(Posting.purchase("acct-1", 10));

        assertThat(timer("contacts", "create", MeteredStores.SUCCESS).count()).isEqualTo(1);
        assertThat(timer("contacts", "get", MeteredStores.SUCCESS).count()).as("found and not found").isEqualTo(2);
        assertThat(timer("credits", "post", MeteredStores.SUCCESS).count()).isEqualTo(1);
        assertThat(timer("credits", "post", MeteredStores.SUCCESS).totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
        assertThat(registry.find(MeteredStores.ERRORS).counters()).isEmpty();
    }

    @Test
    void errors_are_timed_under_their_exception_type_and_counted_by_type() {
        Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
        assertThatThrownBy(() -> stores.contacts().update(ada.id(), ada.version() + 7,
                ContactDraft.builder("ada@example.org").build())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> stores.credits().post(Posting.deduction("acct-2", 5)))
                .isInstanceOf(InsufficientCreditsException.class);
        assertThatThrownBy(() -> stores.credits().post(Posting.deduction("acct-2", 5)))
                .isInstanceOf(InsufficientCreditsException.class);

        assertThat(timer("contacts", "update", "ConflictException").count()).isEqualTo(1);
        assertThat(registry.find(MeteredStores.OPERATIONS).tag("operation", "update")
                .tag("outcome", MeteredStores.SUCCESS).timer()).isNull();
        assertThat(errors("contacts", "update", "ConflictException").count()).isEqualTo(1);
        assertThat(timer("credits", "post", "InsufficientCreditsException").count()).isEqualTo(2);
        assertThat(errors("credits", "post", "InsufficientCreditsException").count()).isEqualTo(2);
    }

    @Test
    void every_operation_of_every_store_is_metered() throws Exception {
        // Each SPI method rejects null arguments with a ValidationException (the contract), so calling
        // every method with nulls reaches the error path of every operation without knowing its arguments.
        assertEveryOperationMetered("contacts", ContactStore.class, stores.contacts());
        assertEveryOperationMetered("credits", CreditStore.class, stores.credits());
        assertEveryOperationMetered("tokens", TokenStore.class, stores.tokens());
    }

    @Test
    void tenant_views_and_backend_operations_share_the_meters() {
        stores.forTenant(TenantId.of("acme")).contacts().create(ContactDraft.builder("a@acme.example").build());
        stores.contacts().create(ContactDraft.builder("b@example.com").build());
        stores.contactsBackend().tenants();

        assertThat(timer("contacts", "create", MeteredStores.SUCCESS).count()).isEqualTo(2);
        assertThat(timer(MeteredBackend.TENANT_OPERATIONS, "tenants", MeteredStores.SUCCESS).count()).isEqualTo(1);
    }

    @Test
    void closing_removes_the_meters_and_wrapping_twice_is_refused() {
        stores.contacts().create(ContactDraft.builder("ada@example.com").build());
        assertThatThrownBy(() -> MeteredStores.wrap(stores, registry))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("already metered");
        assertThat(registry.find(MeteredStores.OPERATIONS).meters()).isNotEmpty();

        stores.close();

        assertThat(registry.find(MeteredStores.OPERATIONS).meters()).isEmpty();
        assertThat(stores.contactsBackend().unwrap(MeteredBackend.class)).isPresent();
    }

    private <T> void assertEveryOperationMetered(String store, Class<T> type, T metered) throws Exception {
        Set<String> operations = new TreeSet<>();
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            operations.add(method.getName());
            Object[] nulls = Arrays.stream(method.getParameterTypes()).map(MeteredStoresTest::nullOf).toArray();
            try {
                method.invoke(metered, nulls);
            } catch (InvocationTargetException e) {
                assertThat(e.getCause()).as(method.toString()).isInstanceOf(ValidationException.class);
            }
        }
        for (String operation : operations) {
            assertThat(registry.find(MeteredStores.OPERATIONS).tag("store", store).tag("operation", operation)
                    .tag("backend", "memory").timers()).as(store + "." + operation).isNotEmpty();
        }
        assertThat(operations).as("operations of " + type.getSimpleName()).hasSizeGreaterThanOrEqualTo(8);
    }

    private static Object nullOf(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }

    private Timer timer(String store, String operation, String outcome) {
        Timer timer = registry.find(MeteredStores.OPERATIONS).tag("store", store).tag("backend", "memory")
                .tag("operation", operation).tag("outcome", outcome).timer();
        assertThat(timer).as(store + "." + operation + " " + outcome).isNotNull();
        return timer;
    }

    private Counter errors(String store, String operation, String exception) {
        Counter counter = registry.find(MeteredStores.ERRORS).tag("store", store).tag("backend", "memory")
                .tag("operation", operation).tag("exception", exception).counter();
        assertThat(counter).isNotNull();
        return counter;
    }
}
