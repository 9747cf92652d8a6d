package dev.stowage.testkit;

import dev.stowage.TenantErasure;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.credit.AccountErasure;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.SubjectErasure;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of the erasures: {@link CreditStore#deleteAccount}, {@link TokenStore#eraseSubject}
 * and {@link StoreBackend#eraseTenant}. Extend it in a backend's tests (see {@link StoreContract});
 * {@link DeploymentContracts} runs it on every deployment. Each test erases one account, subject
 * or tenant and checks both that nothing of it is readable any more and that every other one is
 * intact. Backends check the physical side (no row, no key left) in their own tests.
 * A backend that cannot erase tenants (an optional capability) overrides {@link #erasesTenants()}.
 */
public abstract class ErasureContract extends StoreContract {

    private static final Duration HOUR = Duration.ofHours(1);

    /**
     * @return whether the backend under test erases tenants; {@code true} unless overridden
     */
    protected boolean erasesTenants() {
        return true;
    }

    /**
     * @return whether the backend under test lists its tenants; {@code true} unless overridden
     */
    protected boolean listsTenants() {
        return true;
    }

    /** {@link CreditStore#deleteAccount}. */
    @Nested
    public class DeletingAccounts {

        @Test
        void deleting_an_account_removes_it_with_its_whole_ledger() {
            CreditStore credits = backend.credits(tenant);
            credits.post(Posting.purchase("a", 10));
            credits.post(Posting.deduction("a", 3).withIdempotencyKey("k"));
            credits.post(Posting.purchase("a", 1));
            assertThat(credits.account("a")).as("read first, so that a cache holds it").isPresent();

            assertThat(credits.deleteAccount("a")).isEqualTo(new AccountErasure(true, 3));

            assertThat(credits.account("a")).isEmpty();
            assertThat(credits.history("a", 10, null).items()).isEmpty();
            assertThat(credits.entries("a", 0, 10)).isEmpty();
            assertThat(credits.scanAccounts(null, 10)).isEmpty();
        }

        @Test
        void a_deleted_account_id_opens_a_new_account_and_its_old_idempotency_keys_are_free() {
            CreditStore credits = backend.credits(tenant);
            credits.post(Posting.purchase("a", 10).withIdempotencyKey("k"));
            credits.deleteAccount("a");

            LedgerEntry fresh = credits.post(Posting.purchase("a", 4).withIdempotencyKey("k"));

            assertThat(fresh.sequence()).isEqualTo(1);
            assertThat(fresh.amount()).as("a new posting, not a replay of the erased one").isEqualTo(4);
            assertThat(credits.account("a").orElseThrow().balance()).isEqualTo(4);
            assertThat(credits.entries("a", 0, 10)).containsExactly(fresh);
        }

        @Test
        void deleting_an_unknown_account_removes_nothing_and_deleting_twice_is_harmless() {
            CreditStore credits = backend.credits(tenant);
            assertThat(credits.deleteAccount("never")).isEqualTo(AccountErasure.NOTHING);

            credits.post(Posting.purchase("a", 1));
            credits.deleteAccount("a");
            assertThat(credits.deleteAccount("a")).isEqualTo(AccountErasure.NOTHING);
        }

        @Test
        void other_accounts_and_the_same_account_of_another_tenant_are_intact() {
            CreditStore credits = backend.credits(tenant);
            CreditStore other = backend.credits(freshTenant());
            credits.post(Posting.purchase("a", 10));
            credits.post(Posting.purchase("a0", 7));
            credits.post(Posting.purchase("b", 5));
            other.post(Posting.purchase("a", 99));

            credits.deleteAccount("a");

            assertThat(credits.scanAccounts(null, 10)).extracting(account -> account.accountId())
                    .containsExactly("a0", "b");
            assertThat(credits.entries("a0", 0, 10)).hasSize(1);
            assertThat(other.account("a").orElseThrow().balance()).isEqualTo(99);
            assertThat(other.entries("a", 0, 10)).hasSize(1);
        }

        @Test
        void the_account_id_is_checked() {
            Expect.validation(() -> backend.credits(tenant).deleteAccount(null), "accountId");
            Expect.validation(() -> backend.credits(tenant).deleteAccount("has space"), "accountId");
        }
    }

    /** {@link TokenStore#eraseSubject}. */
    @Nested
    public class ErasingSubjects {

        @Test
        void erasing_a_subject_removes_its_credentials_and_refresh_families_with_every_token() {
            TokenStore tokens = backend.tokens(tenant);
            Instant soon = clock.instant().plus(HOUR);
            tokens.putCredential(Fixtures.credential("u1", "google", soon, null));
            tokens.putCredential(Fixtures.credential("u1", "github"));
            IssuedRefreshToken first = tokens.issueRefreshToken("u1", HOUR);
            IssuedRefreshToken second = tokens.issueRefreshToken("u1", HOUR);
            IssuedRefreshToken rotated = ((RotationResult.Rotated) tokens.rotateRefreshToken(first.token(), HOUR)).next();
            tokens.revokeRefreshFamily(second.refreshToken().familyId());
            assertThat(tokens.credential("u1", "google")).as("read first, so that a cache holds it").isPresent();

            assertThat(tokens.eraseSubject("u1")).isEqualTo(new SubjectErasure(2, 2, 3));

            assertThat(tokens.credentials("u1")).isEmpty();
            assertThat(tokens.credential("u1", "google")).isEmpty();
            assertThat(tokens.credentialsExpiringBefore(soon.plus(HOUR), 10)).isEmpty();
            assertThat(tokens.scanCredentials(null, null, 10)).isEmpty();
            assertThat(tokens.scanRefreshFamilies(null, 10)).isEmpty();
            for (IssuedRefreshToken issued : List.of(first, second, rotated)) {
                assertThat(tokens.findRefreshToken(issued.token())).isEmpty();
            }
            assertThat(tokens.rotateRefreshToken(rotated.token(), HOUR))
                    .isEqualTo(new RotationResult.Rejected(RotationResult.Reason.UNKNOWN));
            assertThat(tokens.revokeRefreshTokens("u1")).isZero();
        }

        @Test
        void other_subjects_and_the_same_subject_of_another_tenant_are_intact() {
            TokenStore tokens = backend.tokens(tenant);
            TokenStore other = backend.tokens(freshTenant());
            tokens.putCredential(Fixtures.credential("u1", "google"));
            tokens.issueRefreshToken("u1", HOUR);
            for (String neighbour : List.of("u", "u1x", "u1.google", "u2")) {
                tokens.putCredential(Fixtures.credential(neighbour, "google"));
            }
            IssuedRefreshToken kept = tokens.issueRefreshToken("u1x", HOUR);
            other.putCredential(Fixtures.credential("u1", "google"));
            IssuedRefreshToken elsewhere = other.issueRefreshToken("u1", HOUR);

            tokens.eraseSubject("u1");

            assertThat(tokens.scanCredentials(null, null, 10)).extracting(credential -> credential.subject())
                    .containsExactly("u", "u1.google", "u1x", "u2");
            assertThat(tokens.findRefreshToken(kept.token())).isPresent();
            assertThat(tokens.scanRefreshFamilies(null, 10)).hasSize(1);
            assertThat(other.credential("u1", "google")).isPresent();
            assertThat(other.findRefreshToken(elsewhere.token())).isPresent();
            assertThat(tokens.rotateRefreshToken(kept.token(), HOUR)).isInstanceOf(RotationResult.Rotated.class);
        }

        @Test
        void denied_access_tokens_stay_denied() {
            TokenStore tokens = backend.tokens(tenant);
            tokens.issueRefreshToken("u1", HOUR);
            tokens.revokeAccessToken("jti-of-u1", clock.instant().plus(HOUR));

            tokens.eraseSubject("u1");

            assertThat(tokens.isAccessTokenRevoked("jti-of-u1")).isTrue();
        }

        @Test
        void an_erased_subject_can_sign_in_again_and_erasing_nothing_removes_nothing() {
            TokenStore tokens = backend.tokens(tenant);
            assertThat(tokens.eraseSubject("nobody")).isEqualTo(SubjectErasure.NOTHING);
            tokens.issueRefreshToken("u1", HOUR);
            tokens.eraseSubject("u1");
            assertThat(tokens.eraseSubject("u1")).isEqualTo(SubjectErasure.NOTHING);

            IssuedRefreshToken again = tokens.issueRefreshToken("u1", HOUR);
            tokens.putCredential(Fixtures.credential("u1", "google"));

            assertThat(tokens.rotateRefreshToken(again.token(), HOUR)).isInstanceOf(RotationResult.Rotated.class);
            assertThat(tokens.credentials("u1")).hasSize(1);
            assertThat(tokens.scanRefreshFamilies(null, 10)).hasSize(1);
        }

        @Test
        void the_subject_is_checked() {
            Expect.validation(() -> backend.tokens(tenant).eraseSubject(null), "subject");
            Expect.validation(() -> backend.tokens(tenant).eraseSubject("two words"), "subject");
        }
    }

    /** {@link StoreBackend#eraseTenant}. */
    @Nested
    public class ErasingTenants {

        /** Writes two contacts, two accounts (three entries), a credential, a rotated family and a denial. */
        private void fill(TenantId into) {
            backend.contacts(into).create(Fixtures.contact(1));
            backend.contacts(into).create(Fixtures.contact(2));
            CreditStore credits = backend.credits(into);
            credits.post(Posting.purchase("a", 10).withIdempotencyKey("k"));
            credits.post(Posting.deduction("a", 1));
            credits.post(Posting.purchase("b", 5));
            TokenStore tokens = backend.tokens(into);
            tokens.putCredential(Fixtures.credential("u1", "google", clock.instant().plus(HOUR), null));
            IssuedRefreshToken issued = tokens.issueRefreshToken("u1", HOUR);
            tokens.rotateRefreshToken(issued.token(), HOUR);
            tokens.revokeAccessToken("jti-1", clock.instant().plus(HOUR));
        }

        private static final TenantErasure FILLED = new TenantErasure(2, 2, 3, 1, 1, 2, 1);

        @Test
        void erasing_a_tenant_removes_every_record_of_every_store() {
            if (!erasesTenants()) {
                assertThatThrownBy(() -> backend.eraseTenant(tenant)).isInstanceOf(UnsupportedCapabilityException.class);
                return;
            }
            fill(tenant);
            Contact contact = backend.contacts(tenant).scan(null, 1).get(0);
            // Read first, so that a cache holds them.
            assertThat(backend.contacts(tenant).get(contact.id())).isPresent();
            assertThat(backend.contacts(tenant).findByEmail(contact.email())).isNotEmpty();
            assertThat(backend.credits(tenant).account("a")).isPresent();
            assertThat(backend.tokens(tenant).credential("u1", "google")).isPresent();

            assertThat(backend.eraseTenant(tenant)).isEqualTo(FILLED);

            assertThat(backend.contacts(tenant).scan(null, 10)).isEmpty();
            assertThat(backend.contacts(tenant).get(contact.id())).isEmpty();
            assertThat(backend.contacts(tenant).findByEmail(contact.email())).isEmpty();
            assertThat(backend.credits(tenant).scanAccounts(null, 10)).isEmpty();
            assertThat(backend.credits(tenant).account("a")).isEmpty();
            assertThat(backend.credits(tenant).entries("a", 0, 10)).isEmpty();
            TokenStore tokens = backend.tokens(tenant);
            assertThat(tokens.scanCredentials(null, null, 10)).isEmpty();
            assertThat(tokens.credential("u1", "google")).isEmpty();
            assertThat(tokens.credentialsExpiringBefore(clock.instant().plus(Duration.ofDays(1)), 10)).isEmpty();
            assertThat(tokens.scanRefreshFamilies(null, 10)).isEmpty();
            assertThat(tokens.scanRevokedAccessTokens(null, 10)).isEmpty();
            assertThat(tokens.isAccessTokenRevoked("jti-1")).isFalse();
            if (listsTenants()) {
                assertThat(backend.tenants()).doesNotContain(tenant);
            }
        }

        @Test
        void every_other_tenant_is_intact() {
            if (!erasesTenants()) {
                assertThatThrownBy(() -> backend.eraseTenant(tenant)).isInstanceOf(UnsupportedCapabilityException.class);
                return;
            }
            // A neighbour whose id extends this one's, as a key pattern or a LIKE would catch it.
            TenantId neighbour = TenantId.of(tenant.value() + "0");
            TenantId other = freshTenant();
            fill(tenant);
            fill(neighbour);
            fill(other);

            backend.eraseTenant(tenant);

            assertThat(backend.contacts(neighbour).scan(null, 10)).hasSize(2);
            assertThat(backend.credits(neighbour).account("a").orElseThrow().balance()).isEqualTo(9);
            assertThat(backend.tokens(neighbour).isAccessTokenRevoked("jti-1")).isTrue();
            if (listsTenants()) {
                assertThat(backend.tenants()).contains(neighbour, other).doesNotContain(tenant);
            }
            assertThat(backend.eraseTenant(other)).as("the other tenant still holds all it held").isEqualTo(FILLED);
            assertThat(backend.eraseTenant(neighbour)).isEqualTo(FILLED);
        }

        @Test
        void an_erased_tenant_can_be_written_again_and_stores_obtained_before_keep_working() {
            if (!erasesTenants()) {
                assertThatThrownBy(() -> backend.eraseTenant(tenant)).isInstanceOf(UnsupportedCapabilityException.class);
                return;
            }
            CreditStore before = backend.credits(tenant);
            fill(tenant);
            backend.eraseTenant(tenant);

            assertThat(before.account("a")).isEmpty();
            before.post(Posting.purchase("a", 3).withIdempotencyKey("k"));

            assertThat(backend.credits(tenant).account("a").orElseThrow().balance()).isEqualTo(3);
            if (listsTenants()) {
                assertThat(backend.tenants()).contains(tenant);
            }
            assertThat(backend.eraseTenant(tenant)).isEqualTo(new TenantErasure(0, 1, 1, 0, 0, 0, 0));
        }

        @Test
        void erasing_an_unknown_tenant_removes_nothing_and_the_tenant_is_checked() {
            if (!erasesTenants()) {
                assertThatThrownBy(() -> backend.eraseTenant(tenant)).isInstanceOf(UnsupportedCapabilityException.class);
                return;
            }
            assertThat(backend.eraseTenant(tenant)).isEqualTo(TenantErasure.NOTHING);
            Expect.validation(() -> backend.eraseTenant(null), "tenant");
        }

        @Test
        void a_closed_backend_refuses_to_erase() {
            StoreBackend second = openBackend(clock);
            second.close();

            assertThatThrownBy(() -> second.eraseTenant(tenant)).isInstanceOf(
                    erasesTenants() ? StoreClosedException.class : UnsupportedCapabilityException.class);
        }
    }
}
