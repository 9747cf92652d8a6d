package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code tenants(...)}, the engine copies every tenant the source lists and the
 * verification checks every tenant either side lists; a backend that cannot list its tenants
 * (the SPI's default) falls back to the default tenant, and both reports say so.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TenantDiscoveryTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    static final TenantId ACME = TenantId.of("acme");
    static final Dataset DATA = new Dataset(30, 5, 5);

    @Test
    void a_backend_that_cannot_list_its_tenants_copies_and_verifies_the_default_tenant_and_says_so() {
        StoreBackend memory = InMemoryStores.backend(CLOCK);
        DATA.populate(memory, TenantId.DEFAULT, 1);
        DATA.populate(memory, ACME, 2);
        StoreBackend unlisted = new Unlisted(memory);
        StoreBackend target = InMemoryStores.backend(CLOCK);

        MigrationReport report = Migration.from(unlisted).to(target).run();

        assertThat(report.tenants()).extracting(TenantReport::tenant).containsOnly(TenantId.DEFAULT);
        assertThat(report.notes()).singleElement().asString().contains("cannot list its tenants")
                .contains("only the default tenant");
        assertThat(report.toTable()).contains("note: tenants not chosen");
        assertThat(report.toJson()).contains("\"notes\"");
        assertThat(target.tenants()).containsExactly(TenantId.DEFAULT);

        VerificationReport verified = Verification.of(unlisted, target).clock(CLOCK).run();
        assertThat(verified.state()).isEqualTo(VerificationState.VALIDATED);
        assertThat(verified.results()).extracting(r -> r.tenant()).containsOnly(TenantId.DEFAULT);
        assertThat(verified.notes()).singleElement().asString().contains("cannot list its tenants");

        // A backend that lists its tenants: the verification finds acme on the source, missing on the target.
        VerificationReport listed = Verification.of(memory, target).clock(CLOCK).run();
        assertThat(listed.state()).isEqualTo(VerificationState.MISMATCHED);
        assertThat(listed.results()).filteredOn(r -> r.tenant().equals(ACME))
                .allSatisfy(r -> assertThat(r.targetCount()).isZero());
    }

    /** A backend that leaves {@code tenants()} to the SPI's default, which cannot list them. */
    private record Unlisted(StoreBackend delegate) implements StoreBackend {
        @Override
        public String name() {
            return "unlisted";
        }

        @Override
        public ContactStore contacts(TenantId tenant) {
            return delegate.contacts(tenant);
        }

        @Override
        public CreditStore credits(TenantId tenant) {
            return delegate.credits(tenant);
        }

        @Override
        public TokenStore tokens(TenantId tenant) {
            return delegate.tokens(tenant);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
