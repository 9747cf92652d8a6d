package dev.stowage.postgres;

import dev.stowage.TenantId;
import dev.stowage.credit.Posting;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.Fixtures;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The physical side of the erasures: after each, the rows of the erased tenant, subject or
 * account are counted in every table of the schema (expired rows not yet purged included), and
 * the rows of the others are counted unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureRowsTest {

    private static final List<String> TABLES = List.of("contact", "credit_account", "credit_entry", "credential",
            "refresh_family", "refresh_token", "revoked_access_token");
    private static final Duration HOUR = Duration.ofHours(1);

    private final String schema = TestDatabase.uniqueSchema(ErasureRowsTest.class);
    private final MutableClock clock = MutableClock.standard();
    private StoreBackend postgres;

    @BeforeAll
    void open() {
        postgres = TestDatabase.builder(schema, clock).buildBackend();
    }

    @AfterAll
    void close() {
        postgres.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void erasing_a_tenant_leaves_no_row_of_it_in_any_table_and_every_row_of_the_others() {
        TenantId erased = TenantId.of("erase-me");
        TenantId kept = TenantId.of("erase-me0");
        fill(erased);
        fill(kept);
        clock.advance(Duration.ofHours(2));
        Map<String, Long> keptBefore = rows("tenant_id = ?", kept.value());
        assertThat(rows("tenant_id = ?", erased.value())).isEqualTo(keptBefore).doesNotContainValue(0L);

        postgres.eraseTenant(erased);

        assertThat(rows("tenant_id = ?", erased.value())).allSatisfy((table, count) ->
                assertThat(count).as(table).isZero());
        assertThat(rows("tenant_id = ?", kept.value())).isEqualTo(keptBefore);
        assertThat(postgres.tenants()).contains(kept).doesNotContain(erased);
    }

    @Test
    void erasing_a_subject_leaves_no_credential_family_or_token_row_of_it_expired_ones_included() {
        TenantId tenant = TenantId.of("erase-subject");
        TokenStore tokens = postgres.tokens(tenant);
        tokens.putCredential(Fixtures.credential("u1", "google", null, clock.instant().plus(HOUR)));
        tokens.putCredential(Fixtures.credential("u1", "github"));
        IssuedRefreshToken first = tokens.issueRefreshToken("u1", HOUR);
        tokens.rotateRefreshToken(first.token(), HOUR);
        tokens.issueRefreshToken("u1", Duration.ofMinutes(1));
        tokens.putCredential(Fixtures.credential("u2", "google"));
        tokens.issueRefreshToken("u2", HOUR);
        clock.advance(Duration.ofMinutes(2));

        tokens.eraseSubject("u1");

        String u1 = "tenant_id = ? AND subject = ?";
        assertThat(count("credential", u1, tenant.value(), "u1")).isZero();
        assertThat(count("refresh_family", u1, tenant.value(), "u1")).isZero();
        assertThat(count("refresh_token", "tenant_id = ? AND family_id NOT IN (SELECT family_id FROM "
                + "\"" + schema + "\".refresh_family WHERE tenant_id = ?)", tenant.value(), tenant.value())).isZero();
        assertThat(rows("tenant_id = ?", tenant.value())).containsEntry("credential", 1L)
                .containsEntry("refresh_family", 1L).containsEntry("refresh_token", 1L);
    }

    @Test
    void deleting_an_account_leaves_no_row_of_it_and_every_row_of_the_others() {
        TenantId tenant = TenantId.of("erase-account");
        postgres.credits(tenant).post(Posting.purchase("a", 10).withIdempotencyKey("k"));
        postgres.credits(tenant).post(Posting.deduction("a", 4));
        postgres.credits(tenant).post(Posting.purchase("b", 1));

        postgres.credits(tenant).deleteAccount("a");

        String account = "tenant_id = ? AND account_id = ?";
        assertThat(count("credit_account", account, tenant.value(), "a")).isZero();
        assertThat(count("credit_entry", account, tenant.value(), "a")).isZero();
        assertThat(count("credit_entry", account, tenant.value(), "b")).isEqualTo(1);
    }

    /** Two contacts, two accounts with three entries, a credential, a rotated family, a denial. */
    private void fill(TenantId tenant) {
        postgres.contacts(tenant).create(Fixtures.contact(1));
        postgres.contacts(tenant).create(Fixtures.contact(2));
        postgres.credits(tenant).post(Posting.purchase("a", 10));
        postgres.credits(tenant).post(Posting.deduction("a", 1));
        postgres.credits(tenant).post(Posting.purchase("b", 5));
        TokenStore tokens = postgres.tokens(tenant);
        tokens.putCredential(Fixtures.credential("u1", "google", null, clock.instant().plus(HOUR)));
        tokens.rotateRefreshToken(tokens.issueRefreshToken("u1", HOUR).token(), HOUR);
        tokens.revokeAccessToken("jti-1", clock.instant().plus(HOUR));
    }

    private Map<String, Long> rows(String where, String... values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, count(table, where, values));
        }
        return counts;
    }

    private long count(String table, String where, String... values) {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM \"" + schema + "\"." + table + " WHERE " + where)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
