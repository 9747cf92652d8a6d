package dev.stowage.postgres;

import dev.stowage.TenantId;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data survives closing the backend and opening a new one (a new pool) on the same schema, and
 * closing releases every connection.
 */
class RestartTest {

    private final String schema = TestDatabase.uniqueSchema(RestartTest.class);
    private final String applicationName = "stowage-restart-" + schema;
    private final MutableClock clock = MutableClock.standard();
    private final TenantId tenant = TenantId.of("restart");

    @AfterEach
    void dropSchema() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void everything_written_is_still_there_after_close_and_reopen_with_a_new_pool() {
        Contact contact;
        LedgerEntry purchase;
        LedgerEntry deduction;
        Credential credential;
        IssuedRefreshToken refresh;
        try (StoreBackend first = open(MigrationMode.MIGRATE)) {
            contact = first.contacts(tenant).create(ContactDraft.builder("ada@example.com").firstName("Ada")
                    .address(new Address("1 Analytical Way", "London", null, null, "UK"))
                    .tags("math", "poetry").customFields(Map.of("engine", "analytical", "year", 1843))
                    .notes("first programmer").source("crm", "ada-1").build());
            purchase = first.credits(tenant).post(Posting.purchase("ada", 100).withIdempotencyKey("order-1"));
            deduction = first.credits(tenant).post(Posting.deduction("ada", 30).withReason("export"));
            credential = first.tokens(tenant).putCredential(CredentialDraft.builder("ada", "google", "access-1")
                    .refreshToken("refresh-1").scopes("mail.read").expiresAt(clock.instant().plus(Duration.ofDays(30)))
                    .build());
            refresh = first.tokens(tenant).issueRefreshToken("ada", Duration.ofDays(7));
            first.tokens(tenant).revokeAccessToken("jti-1", clock.instant().plus(Duration.ofHours(1)));
        }
        assertThat(connectionsAfterClose(applicationName)).as("connections left open after close").isZero();

        try (StoreBackend second = open(MigrationMode.VALIDATE)) {
            assertThat(second.contacts(tenant).get(contact.id())).contains(contact);
            assertThat(second.contacts(tenant).findBySource("crm", "ada-1")).contains(contact);
            assertThat(second.contacts(tenant).search(ContactQuery.builder().text("programmer").build()).items())
                    .containsExactly(contact);
            assertThat(second.credits(tenant).entries("ada", 0, 10)).containsExactly(purchase, deduction);
            assertThat(second.credits(tenant).account("ada")).map(CreditAccount::balance).contains(70L);
            assertThat(second.credits(tenant).post(Posting.purchase("ada", 100).withIdempotencyKey("order-1")))
                    .as("an idempotent replay after the restart").isEqualTo(purchase);
            assertThat(second.tokens(tenant).credential("ada", "google")).contains(credential);
            assertThat(second.tokens(tenant).findRefreshToken(refresh.token())).contains(refresh.refreshToken());
            assertThat(second.tokens(tenant).isAccessTokenRevoked("jti-1")).isTrue();
        }
    }

    @Test
    void a_closed_backend_refuses_every_call_and_holds_no_connection() {
        StoreBackend backend = open(MigrationMode.MIGRATE);
        var contacts = backend.contacts(tenant);
        contacts.create(ContactDraft.builder("grace@example.com").build());
        backend.close();
        backend.close();

        assertThatThrownBy(() -> contacts.findByEmail("grace@example.com")).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> backend.credits(tenant)).isInstanceOf(StoreClosedException.class);
        assertThat(connectionsAfterClose(applicationName)).isZero();
    }

    @Test
    void validate_mode_refuses_a_schema_that_was_never_migrated_and_says_how_to_fix_it() {
        assertThatThrownBy(() -> open(MigrationMode.VALIDATE))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(schema)
                .hasMessageContaining("MIGRATE");
        assertThat(connectionsAfterClose(applicationName)).as("the pool of the failed open is closed").isZero();
    }

    @Test
    void migrating_twice_is_harmless() {
        open(MigrationMode.MIGRATE).close();
        try (StoreBackend again = open(MigrationMode.MIGRATE)) {
            assertThat(again.contacts(tenant).scan(null, 10)).isEmpty();
        }
    }

    private StoreBackend open(MigrationMode mode) {
        return TestDatabase.builder(schema, clock).applicationName(applicationName).minIdle(2).migration(mode)
                .buildBackend();
    }

    /**
     * @return the connections of the application still listed once the server has had up to ten
     *     seconds to end the sessions of connections the client closed (a session ends a moment
     *     after its client closes it, so it may still be listed right after {@code close()})
     */
    static int connectionsAfterClose(String applicationName) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int open = connectionsOf(applicationName);
        while (open > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
            open = connectionsOf(applicationName);
        }
        return open;
    }

    static int connectionsOf(String applicationName) {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, applicationName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

}
