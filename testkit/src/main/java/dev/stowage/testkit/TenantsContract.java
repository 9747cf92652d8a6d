package dev.stowage.testkit;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactQuery;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link StoreBackend#tenants()}. Extend it in a backend's tests and implement
 * {@link #openBackend(java.time.Clock)}; see {@link StoreContract}. Tests of one class share the
 * backend, so each asserts only about the tenants it wrote. A backend that does not list its
 * tenants (the capability is optional) overrides {@link #listsTenants()} to answer {@code false}:
 * then every test requires {@link UnsupportedCapabilityException} instead.
 */
public abstract class TenantsContract extends StoreContract {

    /**
     * @return whether the backend under test lists its tenants; {@code true} unless overridden
     */
    protected boolean listsTenants() {
        return true;
    }

    /** @return the backend's tenants, or the required refusal when it does not list them */
    private List<TenantId> listed() {
        if (!listsTenants()) {
            assertThatThrownBy(backend::tenants).isInstanceOf(UnsupportedCapabilityException.class);
            return null;
        }
        return backend.tenants();
    }

    /** One kind of record, each of which alone makes a tenant hold data. */
    public enum RecordKind {
        /** A contact. */
        CONTACT(backend -> backend.contacts().create(Fixtures.contact(1))),
        /** A credit account (its first posting). */
        CREDIT_ACCOUNT(backend -> backend.credits().post(Posting.purchase("a", 1))),
        /** A third-party credential. */
        CREDENTIAL(backend -> backend.tokens().putCredential(Fixtures.credential("u1", "google"))),
        /** A refresh-token family. */
        REFRESH_TOKEN(backend -> backend.tokens().issueRefreshToken("u1", Duration.ofHours(1))),
        /** A denied access token. */
        DENIED_ACCESS_TOKEN(backend -> backend.tokens().revokeAccessToken("jti-1",
                backend.clock().instant().plus(Duration.ofDays(1))));

        private final Consumer<TenantStores> write;

        RecordKind(Consumer<TenantStores> write) {
            this.write = write;
        }
    }

    /** A backend's stores of one tenant. */
    private record TenantStores(StoreBackend backend, TenantId tenant, Clock clock) {
        dev.stowage.contact.ContactStore contacts() {
            return backend.contacts(tenant);
        }

        dev.stowage.credit.CreditStore credits() {
            return backend.credits(tenant);
        }

        dev.stowage.token.TokenStore tokens() {
            return backend.tokens(tenant);
        }
    }

    private void write(RecordKind kind, TenantId into) {
        kind.write.accept(new TenantStores(backend, into, clock));
    }

    /** {@link StoreBackend#tenants()}. */
    @Nested
    public class ListingTenants {

        @ParameterizedTest
        @EnumSource(RecordKind.class)
        void a_tenant_holding_one_record_of_any_store_is_listed(RecordKind kind) {
            write(kind, tenant);

            whenListing(listed(), listed -> assertThat(listed).contains(tenant));
        }

        @Test
        void a_tenant_that_was_only_read_from_is_not_listed() {
            backend.contacts(tenant).search(ContactQuery.builder().build());
            backend.contacts(tenant).get(UUID.randomUUID());
            backend.credits(tenant).account("a");
            backend.credits(tenant).entries("a", 0, 10);
            backend.tokens(tenant).credential("u1", "google");
            backend.tokens(tenant).isAccessTokenRevoked("jti-1");
            backend.tokens(tenant).scanRefreshFamilies(null, 10);

            whenListing(listed(), listed -> assertThat(listed).doesNotContain(tenant));
        }

        @Test
        void a_tenant_holding_records_in_every_store_is_listed_once() {
            for (RecordKind kind : RecordKind.values()) {
                write(kind, tenant);
            }

            whenListing(listed(), listed -> assertThat(listed).containsOnlyOnce(tenant));
        }

        @Test
        void tenants_are_listed_in_code_point_order_without_duplicates_and_the_listing_is_stable() {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            List<TenantId> written = List.of(TenantId.of("a_" + suffix), TenantId.of("Z-" + suffix),
                    TenantId.of("a." + suffix), TenantId.of("0-" + suffix), TenantId.of("a-" + suffix),
                    TenantId.of("a0" + suffix));
            for (int i = 0; i < written.size(); i++) {
                write(RecordKind.values()[i % RecordKind.values().length], written.get(i));
            }

            List<TenantId> listed = listed();
            if (listed == null) {
                return;
            }

            assertThat(listed).containsAll(written).doesNotHaveDuplicates()
                    .isSortedAccordingTo(Comparator.comparing(TenantId::value));
            assertThat(listed.stream().filter(written::contains).toList()).containsExactly(TenantId.of("0-" + suffix),
                    TenantId.of("Z-" + suffix), TenantId.of("a-" + suffix), TenantId.of("a." + suffix),
                    TenantId.of("a0" + suffix), TenantId.of("a_" + suffix));
            assertThat(backend.tenants()).isEqualTo(listed);
        }

        @Test
        void a_tenant_is_listed_right_after_its_first_write() {
            List<TenantId> before = listed();
            write(RecordKind.CREDIT_ACCOUNT, tenant);

            whenListing(before, ignored -> {
                assertThat(before).doesNotContain(tenant);
                assertThat(backend.tenants()).contains(tenant).containsAll(before);
            });
        }

        @Test
        void a_closed_backend_refuses_to_list_its_tenants() {
            StoreBackend second = openBackend(clock);
            second.close();

            assertThatThrownBy(second::tenants)
                    .isInstanceOf(listsTenants() ? StoreClosedException.class : UnsupportedCapabilityException.class);
        }
    }

    /** Runs the assertions on a listing; a backend that does not list was already checked by {@link #listed()}. */
    private static void whenListing(List<TenantId> listed, Consumer<List<TenantId>> assertions) {
        if (listed != null) {
            assertions.accept(listed);
        }
    }
}
