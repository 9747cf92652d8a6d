package dev.stowage.testkit;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.support.Ids;
import dev.stowage.support.Timestamps;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.RotationResult.Reason;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link TokenStore} must pass. Extend it in a backend's tests and implement
 * {@link #openBackend(java.time.Clock)}; see {@link StoreContract}. Expiry is driven only by the
 * test's {@link MutableClock}: an item whose expiry is at or before the clock's instant must be
 * invisible to every read at once, whether or not the backend has removed it yet.
 */
public abstract class TokenStoreContract extends StoreContract {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration MICRO = Duration.ofNanos(1_000);

    /**
     * @return the token store of the current test's tenant
     */
    protected TokenStore tokens() {
        return backend.tokens(tenant);
    }

    /**
     * @param other a tenant
     * @return that tenant's token store
     */
    protected TokenStore tokensOf(TenantId other) {
        return backend.tokens(other);
    }

    // ------------------------------------------------------------------ helpers

    private Instant now() {
        return Timestamps.now(clock);
    }

    private static List<Credential> allCredentials(TokenStore store) {
        return store.scanCredentials(null, null, 10_000);
    }

    private void assertNoCredentials() {
        assertThat(allCredentials(tokens())).isEmpty();
        assertThat(tokens().credentialsExpiringBefore(Timestamps.MAX, 10)).isEmpty();
    }

    private static IssuedRefreshToken rotated(RotationResult result) {
        assertThat(result).isInstanceOf(RotationResult.Rotated.class);
        return ((RotationResult.Rotated) result).next();
    }

    private static void assertRejected(RotationResult result, Reason reason) {
        assertThat(result).isEqualTo(new RotationResult.Rejected(reason));
    }

    // ------------------------------------------------------------------ groups

    /** {@link TokenStore#putCredential}, {@link TokenStore#credential}, {@link TokenStore#deleteCredential}, {@link TokenStore#credentials}. */
    @Nested
    public class Credentials {

        @Test
        void a_stored_credential_reads_back_equal_with_timestamps_from_the_clock() {
            CredentialDraft draft = Fixtures.credential("u1", "google", now().plus(HOUR), now().plus(DAY));

            Credential stored = tokens().putCredential(draft);

            assertThat(stored).isEqualTo(Credential.of(draft, now(), now()));
            assertThat(tokens().credential("u1", "google")).contains(stored);
        }

        @Test
        void putting_again_replaces_the_credential_keeps_created_at_and_sets_updated_at_to_now() {
            Credential first = tokens().putCredential(Fixtures.credential("u1", "google"));
            clock.advance(HOUR);
            CredentialDraft replacement = CredentialDraft.builder("u1", "google", "new-access").scopes("email").build();

            Credential second = tokens().putCredential(replacement);

            assertThat(second).isEqualTo(Credential.of(replacement, first.createdAt(), now()));
            assertThat(tokens().credential("u1", "google")).contains(second);
            assertThat(tokens().credentials("u1")).containsExactly(second);
        }

        @Test
        void an_absent_credential_is_empty() {
            tokens().putCredential(Fixtures.credential("u1", "google"));

            assertThat(tokens().credential("u1", "github")).isEmpty();
            assertThat(tokens().credential("u2", "google")).isEmpty();
        }

        @Test
        void delete_removes_the_credential_and_answers_true() {
            tokens().putCredential(Fixtures.credential("u1", "google"));
            Credential other = tokens().putCredential(Fixtures.credential("u1", "github"));

            assertThat(tokens().deleteCredential("u1", "google")).isTrue();

            assertThat(tokens().credential("u1", "google")).isEmpty();
            assertThat(tokens().credentials("u1")).containsExactly(other);
        }

        @Test
        void deleting_an_absent_credential_answers_false() {
            assertThat(tokens().deleteCredential("u1", "google")).isFalse();
        }

        @Test
        void deleting_twice_answers_false_the_second_time() {
            tokens().putCredential(Fixtures.credential("u1", "google"));

            assertThat(tokens().deleteCredential("u1", "google")).isTrue();
            assertThat(tokens().deleteCredential("u1", "google")).isFalse();
        }

        @Test
        void deleting_an_expired_credential_answers_false() {
            tokens().putCredential(Fixtures.credential("u1", "google", null, now().plus(HOUR)));
            clock.advance(HOUR);

            assertThat(tokens().deleteCredential("u1", "google")).isFalse();
            assertThat(tokens().credential("u1", "google")).isEmpty();
        }

        @Test
        void credentials_of_a_subject_come_in_code_point_order_of_provider() {
            List<String> providers = List.of("B", "Z", "a", "é", "\uFF21", "\uD835\uDC00");
            List<String> shuffled = new ArrayList<>(providers);
            Collections.reverse(shuffled);
            Collections.swap(shuffled, 1, 4);
            shuffled.forEach(provider -> tokens().putCredential(Fixtures.credential("u1", provider)));

            assertThat(tokens().credentials("u1")).extracting(Credential::provider).containsExactlyElementsOf(providers);
        }

        @Test
        void credentials_of_a_subject_exclude_other_subjects_even_with_a_common_prefix() {
            Credential mine = tokens().putCredential(Fixtures.credential("user-1", "google"));
            tokens().putCredential(Fixtures.credential("user-10", "google"));
            tokens().putCredential(Fixtures.credential("user-", "google"));
            tokens().putCredential(Fixtures.credential("USER-1", "google"));

            assertThat(tokens().credentials("user-1")).containsExactly(mine);
        }

        @Test
        void a_subject_without_credentials_has_an_empty_list() {
            tokens().putCredential(Fixtures.credential("u1", "google"));

            assertThat(tokens().credentials("u2")).isEmpty();
        }

        @Test
        void key_separators_in_subject_and_provider_do_not_make_keys_collide() {
            Credential left = tokens().putCredential(Fixtures.credential("a:b", "c"));
            Credential right = tokens().putCredential(Fixtures.credential("a", "b:c"));
            Credential braces = tokens().putCredential(Fixtures.credential("{a}", "b"));

            assertThat(tokens().credential("a:b", "c")).contains(left);
            assertThat(tokens().credential("a", "b:c")).contains(right);
            assertThat(tokens().credential("{a}", "b")).contains(braces);
            assertThat(tokens().credential("a", "b")).isEmpty();
            assertThat(tokens().credentials("a")).containsExactly(right);
        }

        @Test
        void subjects_and_providers_are_compared_exactly_and_not_ignoring_case() {
            Credential lower = tokens().putCredential(Fixtures.credential("u", "google"));
            Credential upper = tokens().putCredential(Fixtures.credential("u", "Google"));

            assertThat(tokens().credential("u", "google")).contains(lower);
            assertThat(tokens().credential("u", "Google")).contains(upper);
            assertThat(tokens().credential("U", "google")).isEmpty();
        }

        @Test
        void a_credential_without_optional_fields_reads_back_with_them_absent() {
            CredentialDraft minimal = CredentialDraft.builder("u1", "google", "access").build();

            tokens().putCredential(minimal);

            Credential read = tokens().credential("u1", "google").orElseThrow();
            assertThat(read.toDraft()).isEqualTo(minimal);
            assertThat(read.refreshToken()).isNull();
            assertThat(read.accessTokenExpiresAt()).isNull();
            assertThat(read.expiresAt()).isNull();
            assertThat(read.accountEmail()).isNull();
            assertThat(read.scopes()).isEmpty();
            assertThat(read.metadata()).isEmpty();
        }

        @Test
        void a_credential_whose_expiry_has_passed_is_rejected_naming_expires_at_and_the_stored_one_stays() {
            Credential stored = tokens().putCredential(Fixtures.credential("u1", "google"));

            Expect.validation(() -> tokens().putCredential(
                    Fixtures.credential("u1", "google", null, now().minus(MICRO))), "expiresAt");

            assertThat(tokens().credential("u1", "google")).contains(stored);
        }

        @Test
        void a_credential_expiring_exactly_now_is_rejected_and_nothing_is_written() {
            Expect.validation(() -> tokens().putCredential(Fixtures.credential("u1", "google", null, now())), "expiresAt");

            assertNoCredentials();
        }

        @Test
        void a_credential_expiring_one_microsecond_from_now_is_accepted() {
            Credential stored = tokens().putCredential(Fixtures.credential("u1", "google", null, now().plus(MICRO)));

            assertThat(tokens().credential("u1", "google")).contains(stored);
        }

        @Test
        void storing_over_an_expired_credential_starts_a_new_created_at() {
            tokens().putCredential(Fixtures.credential("u1", "google", null, now().plus(HOUR)));
            clock.advance(Duration.ofHours(2));

            Credential fresh = tokens().putCredential(Fixtures.credential("u1", "google"));

            assertThat(fresh.createdAt()).isEqualTo(now());
            assertThat(fresh.updatedAt()).isEqualTo(now());
        }
    }

    /** Expiry driven by the clock, and {@link TokenStore#purgeExpired}. */
    @Nested
    public class Expiry {

        @Test
        void a_credential_is_returned_until_just_before_its_expiry_and_by_no_read_from_then_on() {
            Instant expiry = now().plus(HOUR);
            Credential stored = tokens().putCredential(Fixtures.credential("u1", "google", now(), expiry));

            clock.set(expiry.minus(MICRO));
            assertThat(tokens().credential("u1", "google")).contains(stored);
            assertThat(tokens().credentials("u1")).containsExactly(stored);
            assertThat(allCredentials(tokens())).containsExactly(stored);
            assertThat(tokens().credentialsExpiringBefore(Timestamps.MAX, 10)).containsExactly(stored);

            clock.set(expiry);
            assertThat(tokens().credential("u1", "google")).isEmpty();
            assertThat(tokens().credentials("u1")).isEmpty();
            assertThat(allCredentials(tokens())).isEmpty();
            assertThat(tokens().credentialsExpiringBefore(Timestamps.MAX, 10)).isEmpty();
        }

        @Test
        void an_expired_access_token_does_not_expire_the_credential() {
            Credential stored = tokens().putCredential(Fixtures.credential("u1", "google", now().plus(HOUR), null));
            clock.advance(Duration.ofDays(30));

            assertThat(tokens().credential("u1", "google")).contains(stored);
            assertThat(tokens().credentialsExpiringBefore(now(), 10)).containsExactly(stored);
        }

        @Test
        void a_credential_without_expiry_never_expires() {
            Credential stored = tokens().putCredential(Fixtures.credential("u1", "google"));
            clock.advance(Duration.ofDays(3_650));

            assertThat(tokens().credential("u1", "google")).contains(stored);
        }

        @Test
        void a_refresh_token_is_accepted_until_just_before_its_expiry_and_rejected_as_expired_from_then_on() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);
            Instant expiry = issued.refreshToken().expiresAt();

            clock.set(expiry.minus(MICRO));
            assertThat(tokens().findRefreshToken(issued.token())).contains(issued.refreshToken());

            clock.set(expiry);
            assertThat(tokens().findRefreshToken(issued.token())).isEmpty();
            assertRejected(tokens().rotateRefreshToken(issued.token(), HOUR), Reason.EXPIRED);
            assertThat(tokens().findRefreshToken(issued.token())).isEmpty();
        }

        @Test
        void an_expired_token_presented_again_revokes_nothing() {
            IssuedRefreshToken expiring = tokens().issueRefreshToken("u1", HOUR);
            IssuedRefreshToken lasting = tokens().issueRefreshToken("u1", DAY);
            clock.advance(Duration.ofHours(2));

            assertRejected(tokens().rotateRefreshToken(expiring.token(), HOUR), Reason.EXPIRED);
            assertRejected(tokens().rotateRefreshToken(expiring.token(), HOUR), Reason.EXPIRED);

            assertThat(tokens().findRefreshToken(lasting.token())).contains(lasting.refreshToken());
        }

        @Test
        void an_access_token_denial_ends_at_its_expiry() {
            Instant expiry = now().plus(HOUR);
            tokens().revokeAccessToken("jti-1", expiry);

            clock.set(expiry.minus(MICRO));
            assertThat(tokens().isAccessTokenRevoked("jti-1")).isTrue();
            clock.set(expiry);
            assertThat(tokens().isAccessTokenRevoked("jti-1")).isFalse();
        }

        @Test
        void a_purge_leaves_unexpired_items_alone() {
            Credential lasting = tokens().putCredential(Fixtures.credential("u1", "google", null, now().plus(DAY)));
            Credential forever = tokens().putCredential(Fixtures.credential("u1", "github"));
            tokens().putCredential(Fixtures.credential("u2", "google", null, now().plus(HOUR)));
            IssuedRefreshToken live = tokens().issueRefreshToken("u1", DAY);
            IssuedRefreshToken used = tokens().issueRefreshToken("u1", DAY);
            IssuedRefreshToken successor = rotated(tokens().rotateRefreshToken(used.token(), DAY));
            IssuedRefreshToken revoked = tokens().issueRefreshToken("u1", DAY);
            tokens().revokeRefreshFamily(revoked.refreshToken().familyId());
            tokens().issueRefreshToken("u2", HOUR);
            tokens().revokeAccessToken("lasting", now().plus(DAY));
            tokens().revokeAccessToken("passing", now().plus(HOUR));
            clock.advance(Duration.ofHours(2));

            long removed = tokens().purgeExpired();

            assertThat(removed).isBetween(0L, 3L);
            assertThat(tokens().credentials("u1")).containsExactly(forever, lasting);
            assertThat(tokens().findRefreshToken(live.token())).contains(live.refreshToken());
            assertThat(tokens().findRefreshToken(successor.token())).contains(successor.refreshToken());
            assertThat(tokens().isAccessTokenRevoked("lasting")).isTrue();
            assertRejected(tokens().rotateRefreshToken(revoked.token(), DAY), Reason.REVOKED);
            assertRejected(tokens().rotateRefreshToken(used.token(), DAY), Reason.REUSED);
            assertThat(tokens().findRefreshToken(successor.token())).isEmpty();
            assertThat(rotated(tokens().rotateRefreshToken(live.token(), DAY)).refreshToken().familyId())
                    .isEqualTo(live.refreshToken().familyId());
        }

        @Test
        void after_a_purge_expired_items_stay_invisible_and_a_second_purge_removes_nothing() {
            tokens().putCredential(Fixtures.credential("u1", "google", null, now().plus(HOUR)));
            IssuedRefreshToken token = tokens().issueRefreshToken("u1", HOUR);
            tokens().revokeAccessToken("jti", now().plus(HOUR));
            clock.advance(HOUR);

            long first = tokens().purgeExpired();

            assertThat(first).isBetween(0L, 3L);
            assertThat(tokens().purgeExpired()).isZero();
            assertNoCredentials();
            assertThat(tokens().findRefreshToken(token.token())).isEmpty();
            assertThat(tokens().isAccessTokenRevoked("jti")).isFalse();
            assertThat(tokens().rotateRefreshToken(token.token(), HOUR))
                    .isIn(new RotationResult.Rejected(Reason.EXPIRED), new RotationResult.Rejected(Reason.UNKNOWN));
        }

        @Test
        void a_purge_of_an_empty_store_removes_nothing() {
            assertThat(tokens().purgeExpired()).isZero();
        }

        @Test
        void a_purge_in_one_tenant_leaves_another_tenants_unexpired_items_alone() {
            TokenStore other = tokensOf(freshTenant());
            Credential theirs = other.putCredential(Fixtures.credential("u1", "google", null, now().plus(DAY)));
            IssuedRefreshToken token = other.issueRefreshToken("u1", DAY);
            tokens().putCredential(Fixtures.credential("u1", "google", null, now().plus(HOUR)));
            clock.advance(Duration.ofHours(2));

            tokens().purgeExpired();

            assertThat(other.credential("u1", "google")).contains(theirs);
            assertThat(other.findRefreshToken(token.token())).contains(token.refreshToken());
        }
    }

    /** {@link TokenStore#credentialsExpiringBefore}. */
    @Nested
    public class ExpiringBefore {

        @Test
        void credentials_come_ordered_by_access_token_expiry_then_subject_then_provider() {
            Instant t0 = now().plus(Duration.ofMinutes(1));
            Instant t1 = now().plus(Duration.ofMinutes(2));
            Instant t2 = now().plus(Duration.ofMinutes(3));
            Credential s2p1 = tokens().putCredential(Fixtures.credential("s2", "p1", t1, null));
            Credential s1p2 = tokens().putCredential(Fixtures.credential("s1", "p2", t1, null));
            Credential s0p0 = tokens().putCredential(Fixtures.credential("s0", "p0", t2, null));
            Credential s1p1 = tokens().putCredential(Fixtures.credential("s1", "p1", t1, null));
            Credential s3p0 = tokens().putCredential(Fixtures.credential("s3", "p0", t0, null));

            assertThat(tokens().credentialsExpiringBefore(now().plus(HOUR), 100))
                    .containsExactly(s3p0, s1p1, s1p2, s2p1, s0p0);
        }

        @Test
        void the_bound_is_exclusive() {
            Instant at = now().plus(HOUR);
            Credential before = tokens().putCredential(Fixtures.credential("u1", "a", at.minus(MICRO), null));
            tokens().putCredential(Fixtures.credential("u1", "b", at, null));

            assertThat(tokens().credentialsExpiringBefore(at, 10)).containsExactly(before);
            assertThat(tokens().credentialsExpiringBefore(at.plus(MICRO), 10)).hasSize(2);
        }

        @Test
        void the_limit_keeps_the_first_credentials_in_order() {
            List<Credential> stored = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                stored.add(tokens().putCredential(Fixtures.credential("u" + i, "google",
                        now().plus(Duration.ofMinutes(10 - i)), null)));
            }

            assertThat(tokens().credentialsExpiringBefore(now().plus(HOUR), 3))
                    .containsExactly(stored.get(5), stored.get(4), stored.get(3));
        }

        @Test
        void credentials_without_an_access_token_expiry_are_never_listed() {
            tokens().putCredential(Fixtures.credential("u1", "google"));
            Credential dated = tokens().putCredential(Fixtures.credential("u1", "github", now().plus(HOUR), null));

            assertThat(tokens().credentialsExpiringBefore(Timestamps.MAX, 10)).containsExactly(dated);
        }

        @Test
        void expired_credentials_are_not_listed() {
            tokens().putCredential(Fixtures.credential("u1", "google", now().plus(MICRO), now().plus(HOUR)));
            Credential live = tokens().putCredential(Fixtures.credential("u1", "github", now().plus(MICRO), null));
            clock.advance(HOUR);

            assertThat(tokens().credentialsExpiringBefore(now(), 10)).containsExactly(live);
        }

        @Test
        void a_replaced_credential_is_listed_by_its_new_access_token_expiry() {
            tokens().putCredential(Fixtures.credential("u1", "google", now().plus(Duration.ofMinutes(5)), null));
            Credential refreshed = tokens().putCredential(Fixtures.credential("u1", "google", now().plus(DAY), null));

            assertThat(tokens().credentialsExpiringBefore(now().plus(HOUR), 10)).isEmpty();
            assertThat(tokens().credentialsExpiringBefore(now().plus(Duration.ofDays(2)), 10)).containsExactly(refreshed);
        }

        @Test
        void a_deleted_credential_is_not_listed() {
            tokens().putCredential(Fixtures.credential("u1", "google", now().plus(HOUR), null));
            tokens().deleteCredential("u1", "google");

            assertThat(tokens().credentialsExpiringBefore(Timestamps.MAX, 10)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 10_001, Integer.MIN_VALUE})
        void a_limit_outside_one_to_ten_thousand_is_rejected_naming_limit(int limit) {
            Expect.validation(() -> tokens().credentialsExpiringBefore(now(), limit), "limit");
        }
    }

    /** {@link TokenStore#scanCredentials} and {@link TokenStore#importCredentials}. */
    @Nested
    public class ScanningAndImporting {

        private final Instant past = Instant.parse("2023-03-03T03:03:03.303030Z");

        private List<Credential> storeFive() {
            List<Credential> stored = new ArrayList<>();
            for (String[] key : new String[][] {{"é", "y"}, {"a", "z"}, {"a-1", "a"}, {"a", "b"}, {"B", "x"}}) {
                stored.add(tokens().putCredential(Fixtures.credential(key[0], key[1])));
            }
            return stored;
        }

        @Test
        void a_scan_returns_credentials_in_code_point_order_of_subject_then_provider() {
            storeFive();

            assertThat(allCredentials(tokens())).extracting(c -> c.subject() + "/" + c.provider())
                    .containsExactly("B/x", "a/b", "a/z", "a-1/a", "é/y");
        }

        @Test
        void a_scan_after_a_position_continues_strictly_after_it() {
            storeFive();

            assertThat(tokens().scanCredentials("a", "b", 2)).extracting(c -> c.subject() + "/" + c.provider())
                    .containsExactly("a/z", "a-1/a");
            assertThat(tokens().scanCredentials("a", "c", 10)).extracting(c -> c.subject() + "/" + c.provider())
                    .containsExactly("a/z", "a-1/a", "é/y");
            assertThat(tokens().scanCredentials("a", "zz", 10)).extracting(c -> c.subject() + "/" + c.provider())
                    .containsExactly("a-1/a", "é/y");
            assertThat(tokens().scanCredentials("é", "y", 10)).isEmpty();
        }

        @Test
        void scanning_in_batches_reads_every_credential_exactly_once() {
            List<Credential> expected = allCredentialsAfterStoring();
            for (int limit : new int[] {1, 2, 4, 5, 6}) {
                List<Credential> read = new ArrayList<>();
                String subject = null;
                String provider = null;
                while (true) {
                    List<Credential> batch = tokens().scanCredentials(subject, provider, limit);
                    assertThat(batch).hasSizeLessThanOrEqualTo(limit);
                    read.addAll(batch);
                    if (batch.size() < limit) {
                        break;
                    }
                    subject = batch.get(batch.size() - 1).subject();
                    provider = batch.get(batch.size() - 1).provider();
                }
                assertThat(read).as("batches of %d", limit).containsExactlyElementsOf(expected);
            }
        }

        private List<Credential> allCredentialsAfterStoring() {
            storeFive();
            return allCredentials(tokens());
        }

        @Test
        void a_scan_skips_expired_credentials() {
            tokens().putCredential(Fixtures.credential("a", "google", null, now().plus(HOUR)));
            Credential lasting = tokens().putCredential(Fixtures.credential("b", "google"));
            clock.advance(HOUR);

            assertThat(allCredentials(tokens())).containsExactly(lasting);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 10_001, Integer.MIN_VALUE})
        void a_scan_limit_outside_one_to_ten_thousand_is_rejected_naming_limit(int limit) {
            Expect.validation(() -> tokens().scanCredentials(null, null, limit), "limit");
        }

        @Test
        void an_import_inserts_credentials_keeping_their_timestamps_exactly() {
            Credential one = Fixtures.importedCredential(Fixtures.credential("u1", "google", past, now().plus(DAY)),
                    past, past.plusSeconds(5));
            Credential two = Fixtures.importedCredential(Fixtures.credential("u2", "github"), past, past);

            ImportResult result = tokens().importCredentials(List.of(one, two));

            assertThat(result).isEqualTo(new ImportResult(2, 0, 0));
            assertThat(tokens().credential("u1", "google")).contains(one);
            assertThat(tokens().credential("u2", "github")).contains(two);
        }

        @Test
        void an_import_replaces_a_credential_last_stored_before_it() {
            tokens().putCredential(Fixtures.credential("u1", "google"));
            Credential newer = Fixtures.importedCredential(
                    CredentialDraft.builder("u1", "google", "imported").build(), past, now().plus(MICRO));

            ImportResult result = tokens().importCredentials(List.of(newer));

            assertThat(result).isEqualTo(new ImportResult(0, 1, 0));
            assertThat(tokens().credential("u1", "google")).contains(newer);
        }

        @Test
        void an_import_never_overwrites_a_credential_stored_at_the_same_time_or_later() {
            Credential stored = tokens().putCredential(Fixtures.credential("u1", "google"));
            Credential same = Fixtures.importedCredential(CredentialDraft.builder("u1", "google", "same").build(),
                    past, stored.updatedAt());
            Credential older = Fixtures.importedCredential(CredentialDraft.builder("u1", "google", "older").build(),
                    past, past);

            assertThat(tokens().importCredentials(List.of(same))).isEqualTo(new ImportResult(0, 0, 1));
            assertThat(tokens().importCredentials(List.of(older))).isEqualTo(new ImportResult(0, 0, 1));

            assertThat(tokens().credential("u1", "google")).contains(stored);
        }

        @Test
        void an_import_skips_expired_credentials() {
            Credential expired = Fixtures.importedCredential(Fixtures.credential("u1", "google", null, now()), past, past);
            Credential live = Fixtures.importedCredential(Fixtures.credential("u2", "google", null, now().plus(MICRO)),
                    past, past);

            ImportResult result = tokens().importCredentials(List.of(expired, live));

            assertThat(result).isEqualTo(new ImportResult(1, 0, 1));
            assertThat(allCredentials(tokens())).containsExactly(live);
        }

        @Test
        void an_import_over_an_expired_stored_credential_inserts_it() {
            tokens().putCredential(Fixtures.credential("u1", "google", null, now().plus(HOUR)));
            clock.advance(HOUR);
            Credential imported = Fixtures.importedCredential(Fixtures.credential("u1", "google"), past, past);

            assertThat(tokens().importCredentials(List.of(imported))).isEqualTo(new ImportResult(1, 0, 0));
            assertThat(tokens().credential("u1", "google")).contains(imported);
        }

        @Test
        void a_mixed_batch_reports_inserted_updated_and_skipped() {
            Credential a = tokens().putCredential(Fixtures.credential("a", "p"));
            Credential b = tokens().putCredential(Fixtures.credential("b", "p"));
            List<Credential> batch = List.of(
                    Fixtures.importedCredential(Fixtures.credential("a", "p"), past, a.updatedAt().plus(MICRO)),
                    Fixtures.importedCredential(Fixtures.credential("b", "p"), past, past),
                    Fixtures.importedCredential(Fixtures.credential("c", "p"), past, past),
                    Fixtures.importedCredential(Fixtures.credential("d", "p", null, past.plusSeconds(1)), past, past));

            ImportResult result = tokens().importCredentials(batch);

            assertThat(result).isEqualTo(new ImportResult(1, 1, 2));
            assertThat(allCredentials(tokens())).containsExactly(batch.get(0), b, batch.get(2));
        }

        @Test
        void an_import_of_nothing_does_nothing() {
            assertThat(tokens().importCredentials(List.of())).isEqualTo(ImportResult.EMPTY);
            assertNoCredentials();
        }

        @Test
        void a_batch_that_repeats_a_key_is_rejected_naming_the_repeat_and_writes_nothing() {
            List<Credential> batch = List.of(
                    Fixtures.importedCredential(Fixtures.credential("fresh", "p"), past, past),
                    Fixtures.importedCredential(Fixtures.credential("u1", "google"), past, past),
                    Fixtures.importedCredential(Fixtures.credential("u1", "google"), past, past.plusSeconds(1)));

            Expect.validation(() -> tokens().importCredentials(batch), "credentials[2]");

            assertNoCredentials();
        }

        @Test
        void a_batch_of_more_than_ten_thousand_credentials_is_rejected_naming_credentials_and_writes_nothing() {
            List<Credential> batch = IntStream.rangeClosed(0, 10_000)
                    .mapToObj(i -> Fixtures.importedCredential(
                            CredentialDraft.builder("u" + i, "p", "a").build(), past, past)).toList();

            Expect.validation(() -> tokens().importCredentials(batch), "credentials");

            assertNoCredentials();
        }

        @Test
        void imported_instants_at_the_edges_of_the_supported_range_round_trip_exactly() {
            List<Credential> batch = new ArrayList<>();
            int n = 0;
            for (Instant instant : Fixtures.edgeInstants()) {
                batch.add(Fixtures.importedCredential(Fixtures.credential("u" + n++, "p", instant, Timestamps.MAX),
                        Fixtures.edgeInstants().get(0), instant));
            }

            tokens().importCredentials(batch);

            assertThat(allCredentials(tokens())).containsExactlyInAnyOrderElementsOf(batch);
        }
    }

    /** Refresh tokens: issue, find, rotate with reuse detection, revoke. */
    @Nested
    public class RefreshTokenRotation {

        @Test
        void issuing_starts_a_new_family_with_a_token_valid_for_its_ttl() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);

            RefreshToken token = issued.refreshToken();
            assertThat(token.subject()).isEqualTo("u1");
            assertThat(token.issuedAt()).isEqualTo(now());
            assertThat(token.expiresAt()).isEqualTo(now().plus(HOUR));
            assertThat(token.id()).isNotNull();
            assertThat(token.familyId()).isNotNull();
            assertThat(tokens().findRefreshToken(issued.token())).contains(token);
        }

        @Test
        void families_whose_tokens_have_all_expired_are_neither_revoked_nor_counted() {
            IssuedRefreshToken shortLived = tokens().issueRefreshToken("u1", Duration.ofMinutes(10));
            IssuedRefreshToken longLived = tokens().issueRefreshToken("u1", Duration.ofHours(2));
            clock.advance(HOUR);

            assertThat(tokens().revokeRefreshFamily(shortLived.refreshToken().familyId())).isFalse();
            assertThat(tokens().revokeRefreshTokens("u1")).isEqualTo(1);
            assertThat(tokens().findRefreshToken(longLived.token())).isEmpty();
            assertThat(tokens().rotateRefreshToken(longLived.token(), HOUR))
                    .isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REVOKED));
        }

        @Test
        void the_token_value_is_a_long_random_url_safe_text() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);

            assertThat(issued.token()).matches("[A-Za-z0-9_-]{43}");
            assertThat(issued.token()).doesNotContain(issued.refreshToken().id().toString());
        }

        @Test
        void every_issue_starts_a_distinct_family_with_a_distinct_value() {
            List<IssuedRefreshToken> issued = IntStream.range(0, 10)
                    .mapToObj(i -> tokens().issueRefreshToken("u1", HOUR)).toList();

            assertThat(issued).extracting(IssuedRefreshToken::token).doesNotHaveDuplicates();
            assertThat(issued).extracting(i -> i.refreshToken().familyId()).doesNotHaveDuplicates();
            assertThat(issued).extracting(i -> i.refreshToken().id()).doesNotHaveDuplicates();
        }

        @Test
        void rotation_returns_a_successor_in_the_same_family_valid_for_the_new_ttl() {
            IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
            clock.advance(Duration.ofMinutes(10));

            IssuedRefreshToken next = rotated(tokens().rotateRefreshToken(first.token(), DAY));

            assertThat(next.token()).isNotEqualTo(first.token());
            assertThat(next.refreshToken().id()).isNotEqualTo(first.refreshToken().id());
            assertThat(next.refreshToken().familyId()).isEqualTo(first.refreshToken().familyId());
            assertThat(next.refreshToken().subject()).isEqualTo("u1");
            assertThat(next.refreshToken().issuedAt()).isEqualTo(now());
            assertThat(next.refreshToken().expiresAt()).isEqualTo(now().plus(DAY));
        }

        @Test
        void after_rotation_the_old_token_is_no_longer_found_and_the_successor_is() {
            IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);

            IssuedRefreshToken next = rotated(tokens().rotateRefreshToken(first.token(), HOUR));

            assertThat(tokens().findRefreshToken(first.token())).isEmpty();
            assertThat(tokens().findRefreshToken(next.token())).contains(next.refreshToken());
        }

        @Test
        void a_chain_of_rotations_stays_in_one_family() {
            IssuedRefreshToken current = tokens().issueRefreshToken("u1", HOUR);
            UUID family = current.refreshToken().familyId();
            List<String> values = new ArrayList<>(List.of(current.token()));
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofMinutes(1));
                current = rotated(tokens().rotateRefreshToken(current.token(), HOUR));
                values.add(current.token());
                assertThat(current.refreshToken().familyId()).isEqualTo(family);
            }

            assertThat(values).doesNotHaveDuplicates();
            assertThat(tokens().findRefreshToken(current.token())).contains(current.refreshToken());
            assertThat(values.subList(0, 10)).allMatch(value -> tokens().findRefreshToken(value).isEmpty());
        }

        @Test
        void presenting_a_rotated_token_again_is_rejected_as_reused_and_revokes_the_whole_family() {
            IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
            IssuedRefreshToken second = rotated(tokens().rotateRefreshToken(first.token(), HOUR));

            assertRejected(tokens().rotateRefreshToken(first.token(), HOUR), Reason.REUSED);

            assertThat(tokens().findRefreshToken(second.token())).isEmpty();
            assertRejected(tokens().rotateRefreshToken(second.token(), HOUR), Reason.REVOKED);
            assertThat(tokens().revokeRefreshFamily(first.refreshToken().familyId())).isFalse();
        }

        @Test
        void a_rotated_token_presented_again_and_again_is_reported_as_reused_every_time() {
            // The SPI promises REUSED to every caller that loses a rotation race; a store cannot tell
            // such a caller from one that comes later, so a used token stays REUSED after the revocation.
            IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
            rotated(tokens().rotateRefreshToken(first.token(), HOUR));

            assertRejected(tokens().rotateRefreshToken(first.token(), HOUR), Reason.REUSED);
            assertRejected(tokens().rotateRefreshToken(first.token(), HOUR), Reason.REUSED);
            assertRejected(tokens().rotateRefreshToken(first.token(), HOUR), Reason.REUSED);
        }

        @Test
        void reuse_of_an_older_token_of_a_long_chain_revokes_its_newest_successor() {
            IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
            IssuedRefreshToken current = first;
            for (int i = 0; i < 4; i++) {
                current = rotated(tokens().rotateRefreshToken(current.token(), HOUR));
            }

            assertRejected(tokens().rotateRefreshToken(first.token(), HOUR), Reason.REUSED);

            assertThat(tokens().findRefreshToken(current.token())).isEmpty();
        }

        @Test
        void reuse_detection_leaves_the_subjects_other_families_alone() {
            IssuedRefreshToken stolen = tokens().issueRefreshToken("u1", HOUR);
            IssuedRefreshToken otherDevice = tokens().issueRefreshToken("u1", HOUR);
            rotated(tokens().rotateRefreshToken(stolen.token(), HOUR));

            assertRejected(tokens().rotateRefreshToken(stolen.token(), HOUR), Reason.REUSED);

            assertThat(tokens().findRefreshToken(otherDevice.token())).contains(otherDevice.refreshToken());
        }

        @Test
        void an_unknown_token_is_rejected_as_unknown() {
            tokens().issueRefreshToken("u1", HOUR);

            assertRejected(tokens().rotateRefreshToken(RefreshTokens.newValue(), HOUR), Reason.UNKNOWN);
            assertRejected(tokens().rotateRefreshToken("'; DROP TABLE tokens; --", HOUR), Reason.UNKNOWN);
            assertThat(tokens().findRefreshToken(RefreshTokens.newValue())).isEmpty();
        }

        @Test
        void a_token_of_a_revoked_family_is_rejected_as_revoked() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);

            assertThat(tokens().revokeRefreshFamily(issued.refreshToken().familyId())).isTrue();

            assertRejected(tokens().rotateRefreshToken(issued.token(), HOUR), Reason.REVOKED);
            assertThat(tokens().findRefreshToken(issued.token())).isEmpty();
        }

        @Test
        void revoking_a_family_answers_true_once() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);

            assertThat(tokens().revokeRefreshFamily(issued.refreshToken().familyId())).isTrue();
            assertThat(tokens().revokeRefreshFamily(issued.refreshToken().familyId())).isFalse();
        }

        @Test
        void revoking_an_unknown_family_answers_false() {
            assertThat(tokens().revokeRefreshFamily(UUID.randomUUID())).isFalse();
        }

        @Test
        void revoking_a_family_revokes_its_successors_but_not_other_families() {
            IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
            IssuedRefreshToken successor = rotated(tokens().rotateRefreshToken(first.token(), HOUR));
            IssuedRefreshToken other = tokens().issueRefreshToken("u1", HOUR);

            tokens().revokeRefreshFamily(first.refreshToken().familyId());

            assertThat(tokens().findRefreshToken(successor.token())).isEmpty();
            assertThat(tokens().findRefreshToken(other.token())).contains(other.refreshToken());
        }

        @Test
        void revoking_a_subjects_tokens_revokes_all_its_families_and_no_one_elses() {
            IssuedRefreshToken a = tokens().issueRefreshToken("u1", HOUR);
            IssuedRefreshToken b = tokens().issueRefreshToken("u1", HOUR);
            IssuedRefreshToken bNext = rotated(tokens().rotateRefreshToken(b.token(), HOUR));
            IssuedRefreshToken c = tokens().issueRefreshToken("u1", DAY);
            IssuedRefreshToken prefix = tokens().issueRefreshToken("u10", HOUR);
            IssuedRefreshToken upper = tokens().issueRefreshToken("U1", HOUR);

            assertThat(tokens().revokeRefreshTokens("u1")).isEqualTo(3);

            assertThat(tokens().findRefreshToken(a.token())).isEmpty();
            assertThat(tokens().findRefreshToken(bNext.token())).isEmpty();
            assertRejected(tokens().rotateRefreshToken(c.token(), HOUR), Reason.REVOKED);
            assertThat(tokens().findRefreshToken(prefix.token())).contains(prefix.refreshToken());
            assertThat(tokens().findRefreshToken(upper.token())).contains(upper.refreshToken());
        }

        @Test
        void revoking_a_subject_counts_only_families_not_yet_revoked() {
            IssuedRefreshToken a = tokens().issueRefreshToken("u1", HOUR);
            tokens().issueRefreshToken("u1", HOUR);
            tokens().issueRefreshToken("u1", HOUR);
            tokens().revokeRefreshFamily(a.refreshToken().familyId());

            assertThat(tokens().revokeRefreshTokens("u1")).isEqualTo(2);
            assertThat(tokens().revokeRefreshTokens("u1")).isZero();
        }

        @Test
        void revoking_a_subject_without_tokens_revokes_nothing() {
            tokens().issueRefreshToken("u1", HOUR);

            assertThat(tokens().revokeRefreshTokens("u2")).isZero();
        }

        @Test
        void a_subject_can_log_in_again_after_being_revoked() {
            tokens().issueRefreshToken("u1", HOUR);
            tokens().revokeRefreshTokens("u1");

            IssuedRefreshToken fresh = tokens().issueRefreshToken("u1", HOUR);

            assertThat(tokens().findRefreshToken(fresh.token())).contains(fresh.refreshToken());
            assertThat(rotated(tokens().rotateRefreshToken(fresh.token(), HOUR)).refreshToken().familyId())
                    .isEqualTo(fresh.refreshToken().familyId());
        }

        @Test
        void a_rotation_with_an_invalid_ttl_is_rejected_and_does_not_use_up_the_token() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);

            Expect.validation(() -> tokens().rotateRefreshToken(issued.token(), Duration.ZERO), "ttl");
            Expect.validation(() -> tokens().rotateRefreshToken(issued.token(), Duration.ofDays(3_661)), "ttl");

            assertThat(tokens().findRefreshToken(issued.token())).contains(issued.refreshToken());
            rotated(tokens().rotateRefreshToken(issued.token(), HOUR));
        }

        @Test
        void the_longest_ttl_is_accepted() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", Duration.ofDays(3_660));

            assertThat(issued.refreshToken().expiresAt()).isEqualTo(now().plus(Duration.ofDays(3_660)));
            clock.advance(Duration.ofDays(3_659));
            assertThat(tokens().findRefreshToken(issued.token())).contains(issued.refreshToken());
        }
    }

    /** The access-token denylist: {@link TokenStore#revokeAccessToken}, {@link TokenStore#isAccessTokenRevoked}. */
    @Nested
    public class Denylist {

        @Test
        void a_revoked_jti_is_denied() {
            tokens().revokeAccessToken("jti-1", now().plus(HOUR));

            assertThat(tokens().isAccessTokenRevoked("jti-1")).isTrue();
        }

        @Test
        void an_unknown_jti_is_not_denied() {
            tokens().revokeAccessToken("jti-1", now().plus(HOUR));

            assertThat(tokens().isAccessTokenRevoked("jti-2")).isFalse();
        }

        @Test
        void revoking_with_an_expiry_in_the_past_changes_nothing() {
            tokens().revokeAccessToken("jti-1", now().minus(HOUR));

            assertThat(tokens().isAccessTokenRevoked("jti-1")).isFalse();
            assertThat(tokens().purgeExpired()).isZero();
        }

        @Test
        void revoking_with_an_expiry_of_exactly_now_changes_nothing() {
            tokens().revokeAccessToken("jti-1", now());

            assertThat(tokens().isAccessTokenRevoked("jti-1")).isFalse();
        }

        @Test
        void revoking_again_with_a_later_expiry_extends_the_denial() {
            tokens().revokeAccessToken("jti-1", now().plus(HOUR));
            tokens().revokeAccessToken("jti-1", now().plus(DAY));
            clock.advance(Duration.ofHours(2));

            assertThat(tokens().isAccessTokenRevoked("jti-1")).isTrue();
        }

        @Test
        void revoking_again_with_an_earlier_expiry_never_shortens_the_denial() {
            tokens().revokeAccessToken("jti-1", now().plus(DAY));
            tokens().revokeAccessToken("jti-1", now().plus(HOUR));
            tokens().revokeAccessToken("jti-1", now().minus(HOUR));
            clock.advance(Duration.ofHours(2));

            assertThat(tokens().isAccessTokenRevoked("jti-1")).isTrue();
        }

        @Test
        void jtis_are_exact_keys_not_patterns_or_prefixes() {
            tokens().revokeAccessToken("*", now().plus(HOUR));
            tokens().revokeAccessToken("jti-1", now().plus(HOUR));
            tokens().revokeAccessToken("j%", now().plus(HOUR));

            assertThat(tokens().isAccessTokenRevoked("anything")).isFalse();
            assertThat(tokens().isAccessTokenRevoked("jti-10")).isFalse();
            assertThat(tokens().isAccessTokenRevoked("jti-")).isFalse();
            assertThat(tokens().isAccessTokenRevoked("JTI-1")).isFalse();
            assertThat(tokens().isAccessTokenRevoked("j1")).isFalse();
            assertThat(tokens().isAccessTokenRevoked("*")).isTrue();
        }

        @Test
        void many_jtis_are_denied_independently() {
            for (int i = 0; i < 50; i++) {
                tokens().revokeAccessToken("jti-" + i, now().plus(Duration.ofMinutes(i + 1)));
            }
            clock.advance(Duration.ofMinutes(25));

            for (int i = 0; i < 50; i++) {
                assertThat(tokens().isAccessTokenRevoked("jti-" + i)).as("jti-%d", i).isEqualTo(i >= 25);
            }
        }
    }

    /** Rejected input: {@code ValidationException} naming the field, and nothing written. */
    @Nested
    public class Validation {

        static Stream<Arguments> invalidDrafts() {
            return Stream.of(
                    invalid("a missing subject", "subject", () -> CredentialDraft.builder(null, "p", "a").build()),
                    invalid("a subject with whitespace", "subject", () -> CredentialDraft.builder("u 1", "p", "a").build()),
                    invalid("a subject over 200 characters", "subject",
                            () -> CredentialDraft.builder(Fixtures.identifier(201), "p", "a").build()),
                    invalid("a blank provider", "provider", () -> CredentialDraft.builder("u1", "", "a").build()),
                    invalid("a provider over 100 characters", "provider",
                            () -> CredentialDraft.builder("u1", Fixtures.identifier(101), "a").build()),
                    invalid("a missing access token", "accessToken", () -> CredentialDraft.builder("u1", "p", null).build()),
                    invalid("a blank access token", "accessToken", () -> CredentialDraft.builder("u1", "p", " ").build()),
                    invalid("an access token over 8 000 characters", "accessToken",
                            () -> CredentialDraft.builder("u1", "p", Fixtures.text(8_001)).build()),
                    invalid("a refresh token over 8 000 characters", "refreshToken",
                            () -> CredentialDraft.builder("u1", "p", "a").refreshToken(Fixtures.text(8_001)).build()),
                    invalid("a refresh token with a NUL character", "refreshToken",
                            () -> CredentialDraft.builder("u1", "p", "a").refreshToken("x\u0000").build()),
                    invalid("a blank scope", "scopes[0]", () -> CredentialDraft.builder("u1", "p", "a").scopes("").build()),
                    invalid("more than 100 scopes", "scopes", () -> CredentialDraft.builder("u1", "p", "a")
                            .scopes(IntStream.range(0, 101).mapToObj(i -> "s" + i).toList()).build()),
                    invalid("an invalid account email", "accountEmail",
                            () -> CredentialDraft.builder("u1", "p", "a").accountEmail("not an email").build()),
                    invalid("metadata that is not JSON", "metadata.x",
                            () -> CredentialDraft.builder("u1", "p", "a").metadata(Map.of("x", new Object())).build()));
        }

        private static Arguments invalid(String label, String field, Supplier<CredentialDraft> draft) {
            return Arguments.of(Named.of(label, draft), field);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidDrafts")
        void an_invalid_credential_is_rejected_naming_the_field_and_the_stored_one_stays(Supplier<CredentialDraft> draft,
                                                                                       String field) {
            Credential stored = tokens().putCredential(Fixtures.credential("u1", "p"));

            Expect.validation(() -> tokens().putCredential(draft.get()), field);

            assertThat(allCredentials(tokens())).containsExactly(stored);
        }

        static Stream<Arguments> invalidCalls() {
            Duration hour = Duration.ofHours(1);
            Instant later = Timestamps.MAX;
            return Stream.of(
                    call("put without a draft", "draft", store -> store.putCredential(null)),
                    call("get with a blank subject", "subject", store -> store.credential(" ", "p")),
                    call("get with a provider with whitespace", "provider", store -> store.credential("u1", "a b")),
                    call("delete without a subject", "subject", store -> store.deleteCredential(null, "p")),
                    call("list with a subject with whitespace", "subject", store -> store.credentials("u 1")),
                    call("expiring before no instant", "instant", store -> store.credentialsExpiringBefore(null, 10)),
                    call("import without a batch", "credentials", store -> store.importCredentials(null)),
                    call("import with a missing credential", "credentials[0]",
                            store -> store.importCredentials(Collections.singletonList(null))),
                    call("issue for a subject with whitespace", "subject", store -> store.issueRefreshToken("u 1", hour)),
                    call("issue without a ttl", "ttl", store -> store.issueRefreshToken("u1", null)),
                    call("issue with a zero ttl", "ttl", store -> store.issueRefreshToken("u1", Duration.ZERO)),
                    call("issue with a negative ttl", "ttl", store -> store.issueRefreshToken("u1", hour.negated())),
                    call("issue with a ttl over ten years", "ttl",
                            store -> store.issueRefreshToken("u1", Duration.ofDays(3_661))),
                    call("rotate a blank token", "token", store -> store.rotateRefreshToken("", hour)),
                    call("rotate a missing token", "token", store -> store.rotateRefreshToken(null, hour)),
                    call("rotate an overlong token", "token", store -> store.rotateRefreshToken("x".repeat(513), hour)),
                    call("find a blank token", "token", store -> store.findRefreshToken(" ")),
                    call("revoke no family", "familyId", store -> store.revokeRefreshFamily(null)),
                    call("revoke a blank subject", "subject", store -> store.revokeRefreshTokens("")),
                    call("deny a blank jti", "jti", store -> store.revokeAccessToken(" ", later)),
                    call("deny a jti with whitespace", "jti", store -> store.revokeAccessToken("a b", later)),
                    call("deny a jti over 200 characters", "jti",
                            store -> store.revokeAccessToken(Fixtures.identifier(201), later)),
                    call("deny without an expiry", "expiresAt", store -> store.revokeAccessToken("jti", null)),
                    call("ask about a blank jti", "jti", store -> store.isAccessTokenRevoked("")),
                    call("ask about no jti", "jti", store -> store.isAccessTokenRevoked(null)),
                    call("deny with an expiry past the year 9999", "expiresAt",
                            store -> store.revokeAccessToken("jti", Instant.MAX)),
                    call("get without a provider", "provider", store -> store.credential("u1", null)),
                    call("delete with a provider over 100 characters", "provider",
                            store -> store.deleteCredential("u1", Fixtures.identifier(101))),
                    call("list without a subject", "subject", store -> store.credentials(null)),
                    call("list with an unpaired surrogate", "subject", store -> store.credentials("u\uDC00")),
                    call("expiring before the year 1", "instant",
                            store -> store.credentialsExpiringBefore(Instant.MIN, 10)),
                    call("expiring before with a limit of zero", "limit",
                            store -> store.credentialsExpiringBefore(later, 0)),
                    call("expiring before with a limit over 10 000", "limit",
                            store -> store.credentialsExpiringBefore(later, 10_001)),
                    call("scan after a subject without a provider", "afterProvider",
                            store -> store.scanCredentials("u1", null, 10)),
                    call("scan after a provider without a subject", "afterSubject",
                            store -> store.scanCredentials(null, "p", 10)),
                    call("scan after a subject with whitespace", "afterSubject",
                            store -> store.scanCredentials("u 1", "p", 10)),
                    call("import more than 10 000 credentials", "credentials",
                            store -> store.importCredentials(Collections.nCopies(10_001, (Credential) null))),
                    call("issue with the longest duration", "ttl",
                            store -> store.issueRefreshToken("u1", Duration.ofSeconds(Long.MAX_VALUE))),
                    call("issue without a subject", "subject", store -> store.issueRefreshToken(null, hour)),
                    call("rotate without a ttl", "ttl", store -> store.rotateRefreshToken("some-token", null)),
                    call("rotate with a negative ttl", "ttl", store -> store.rotateRefreshToken("some-token", hour.negated())),
                    call("rotate a token with a NUL", "token", store -> store.rotateRefreshToken("a\u0000b", hour)),
                    call("find no token", "token", store -> store.findRefreshToken(null)),
                    call("find an overlong token", "token", store -> store.findRefreshToken("x".repeat(513))),
                    call("revoke the tokens of no subject", "subject", store -> store.revokeRefreshTokens(null)),
                    call("revoke the tokens of a subject with a control character", "subject",
                            store -> store.revokeRefreshTokens("u\u0007")));
        }

        private static Arguments call(String label, String field, Consumer<TokenStore> call) {
            return Arguments.of(Named.of(label, call), field);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidCalls")
        void an_invalid_argument_is_rejected_naming_it_and_nothing_is_written(Consumer<TokenStore> call, String field) {
            Expect.validation(() -> call.accept(tokens()), field);

            assertNoCredentials();
            assertThat(tokens().revokeRefreshTokens("u1")).isZero();
            assertThat(tokens().isAccessTokenRevoked("jti")).isFalse();
        }

        @Test
        void an_overlong_presented_token_is_rejected_but_the_longest_accepted_one_is_merely_unknown() {
            assertRejected(tokens().rotateRefreshToken("x".repeat(RefreshTokens.MAX_PRESENTED_LENGTH), HOUR),
                    Reason.UNKNOWN);
            Expect.validation(() -> tokens().findRefreshToken("x".repeat(RefreshTokens.MAX_PRESENTED_LENGTH + 1)), "token");
        }
    }

    /** A tenant can neither see nor change another tenant's credentials and tokens. */
    @Nested
    public class TenantIsolation {

        @Test
        void another_tenant_cannot_read_list_scan_or_find_expiring_credentials() {
            tokens().putCredential(Fixtures.credential("u1", "google", now().plus(HOUR), null));
            TokenStore other = tokensOf(freshTenant());

            assertThat(other.credential("u1", "google")).isEmpty();
            assertThat(other.credentials("u1")).isEmpty();
            assertThat(allCredentials(other)).isEmpty();
            assertThat(other.credentialsExpiringBefore(Timestamps.MAX, 10)).isEmpty();
        }

        @Test
        void another_tenant_cannot_delete_or_replace_a_credential() {
            Credential mine = tokens().putCredential(Fixtures.credential("u1", "google"));
            TokenStore other = tokensOf(freshTenant());

            assertThat(other.deleteCredential("u1", "google")).isFalse();
            Credential theirs = other.putCredential(CredentialDraft.builder("u1", "google", "theirs").build());
            other.importCredentials(List.of(Fixtures.importedCredential(
                    CredentialDraft.builder("u1", "google", "imported").build(), now(), now().plus(HOUR))));

            assertThat(tokens().credential("u1", "google")).contains(mine);
            assertThat(theirs.createdAt()).isEqualTo(now());
        }

        @Test
        void another_tenant_can_neither_find_nor_rotate_a_refresh_token_nor_use_it_up() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);
            TokenStore other = tokensOf(freshTenant());

            assertThat(other.findRefreshToken(issued.token())).isEmpty();
            assertRejected(other.rotateRefreshToken(issued.token(), HOUR), Reason.UNKNOWN);
            assertRejected(other.rotateRefreshToken(issued.token(), HOUR), Reason.UNKNOWN);

            assertThat(tokens().findRefreshToken(issued.token())).contains(issued.refreshToken());
            rotated(tokens().rotateRefreshToken(issued.token(), HOUR));
        }

        @Test
        void another_tenant_cannot_revoke_a_family_or_a_subjects_tokens() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);
            TokenStore other = tokensOf(freshTenant());
            other.issueRefreshToken("u1", HOUR);

            assertThat(other.revokeRefreshFamily(issued.refreshToken().familyId())).isFalse();
            assertThat(other.revokeRefreshTokens("u1")).isEqualTo(1);

            assertThat(tokens().findRefreshToken(issued.token())).contains(issued.refreshToken());
        }

        @Test
        void denials_are_per_tenant() {
            tokens().revokeAccessToken("jti-1", now().plus(HOUR));
            TokenStore other = tokensOf(freshTenant());

            assertThat(other.isAccessTokenRevoked("jti-1")).isFalse();
            other.revokeAccessToken("jti-2", now().plus(HOUR));
            assertThat(tokens().isAccessTokenRevoked("jti-2")).isFalse();
        }

        @Test
        void the_same_subject_and_provider_in_two_tenants_are_independent() {
            TokenStore other = tokensOf(freshTenant());
            Credential mine = tokens().putCredential(Fixtures.credential("u1", "google"));
            clock.advance(HOUR);
            Credential theirs = other.putCredential(CredentialDraft.builder("u1", "google", "theirs").build());

            other.deleteCredential("u1", "google");

            assertThat(theirs.createdAt()).isEqualTo(now());
            assertThat(tokens().credential("u1", "google")).contains(mine);
            assertThat(other.credential("u1", "google")).isEmpty();
        }

        @Test
        void a_tenant_whose_name_extends_another_shares_nothing_with_it() {
            TokenStore extended = tokensOf(TenantId.of(tenant.value() + "-1"));
            Credential mine = tokens().putCredential(Fixtures.credential("u1", "google"));
            Credential theirs = extended.putCredential(Fixtures.credential("u2", "google"));
            IssuedRefreshToken token = tokens().issueRefreshToken("u1", HOUR);

            assertThat(allCredentials(tokens())).containsExactly(mine);
            assertThat(allCredentials(extended)).containsExactly(theirs);
            assertThat(extended.findRefreshToken(token.token())).isEmpty();
            assertThat(extended.revokeRefreshTokens("u1")).isZero();
        }
    }

    /** Real threads racing on one tenant's tokens. */
    @Nested
    public class Concurrency {

        @Test
        void a_refresh_token_presented_by_many_threads_together_is_rotated_exactly_once() {
            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR);

            List<Race.Outcome<RotationResult>> outcomes = Race.run(Race.THREADS,
                    i -> tokens().rotateRefreshToken(issued.token(), HOUR));

            assertThat(Race.errors(outcomes)).isEmpty();
            List<RotationResult> results = Race.values(outcomes);
            List<RotationResult> winners = results.stream().filter(RotationResult::isRotated).toList();
            assertThat(winners).hasSize(1);
            assertThat(results.stream().filter(result -> !result.isRotated()).toList())
                    .hasSize(Race.THREADS - 1)
                    .containsOnly(new RotationResult.Rejected(Reason.REUSED));
            IssuedRefreshToken successor = rotated(winners.get(0));
            assertThat(tokens().findRefreshToken(successor.token())).isEmpty();
        }

        @Test
        void concurrent_rotations_of_different_families_all_succeed() {
            List<IssuedRefreshToken> issued = IntStream.range(0, Race.THREADS)
                    .mapToObj(i -> tokens().issueRefreshToken("u" + i, HOUR)).toList();

            List<Race.Outcome<IssuedRefreshToken>> outcomes = Race.run(Race.THREADS, i -> {
                IssuedRefreshToken current = issued.get(i);
                for (int k = 0; k < 20; k++) {
                    current = rotated(tokens().rotateRefreshToken(current.token(), HOUR));
                }
                return current;
            });

            assertThat(Race.errors(outcomes)).isEmpty();
            for (IssuedRefreshToken last : Race.values(outcomes)) {
                assertThat(tokens().findRefreshToken(last.token())).contains(last.refreshToken());
            }
        }

        @Test
        void concurrent_issues_for_one_subject_start_distinct_families() {
            List<Race.Outcome<IssuedRefreshToken>> outcomes = Race.run(Race.THREADS,
                    i -> tokens().issueRefreshToken("u1", HOUR));

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(Race.values(outcomes)).extracting(t -> t.refreshToken().familyId()).doesNotHaveDuplicates();
            assertThat(tokens().revokeRefreshTokens("u1")).isEqualTo(Race.THREADS);
        }

        @Test
        void concurrent_puts_of_one_credential_leave_exactly_one_of_them() {
            List<CredentialDraft> drafts = IntStream.range(0, Race.THREADS)
                    .mapToObj(i -> CredentialDraft.builder("u1", "google", "access-" + i).build()).toList();

            List<Race.Outcome<Credential>> outcomes = Race.run(Race.THREADS, i -> tokens().putCredential(drafts.get(i)));

            assertThat(Race.errors(outcomes)).isEmpty();
            List<Credential> listed = tokens().credentials("u1");
            assertThat(listed).hasSize(1);
            assertThat(drafts).contains(listed.get(0).toDraft());
            assertThat(Race.values(outcomes)).extracting(Credential::createdAt).containsOnly(now());
        }

        @Test
        void concurrent_denials_of_different_jtis_are_all_kept() {
            List<Race.Outcome<Integer>> outcomes = Race.run(Race.THREADS, i -> {
                for (int k = 0; k < 25; k++) {
                    tokens().revokeAccessToken("jti-" + i + "-" + k, now().plus(HOUR));
                }
                return 25;
            });

            assertThat(Race.errors(outcomes)).isEmpty();
            for (int i = 0; i < Race.THREADS; i++) {
                for (int k = 0; k < 25; k++) {
                    assertThat(tokens().isAccessTokenRevoked("jti-" + i + "-" + k)).isTrue();
                }
            }
        }

        @Test
        void concurrent_puts_of_different_credentials_are_all_kept() {
            List<Race.Outcome<List<Credential>>> outcomes = Race.run(Race.THREADS, i -> IntStream.range(0, 20)
                    .mapToObj(k -> tokens().putCredential(Fixtures.credential("u" + i, "p" + k))).toList());

            assertThat(Race.errors(outcomes)).isEmpty();
            List<Credential> stored = Race.values(outcomes).stream().flatMap(List::stream).toList();
            assertThat(allCredentials(tokens())).containsExactlyInAnyOrderElementsOf(stored).hasSize(Race.THREADS * 20);
        }
    }

    /** Values come back exactly as they went in. */
    @Nested
    public class RoundTrip {

        static Stream<Fixtures.Sample> strings() {
            return Fixtures.trickyStrings().stream();
        }

        static Stream<Fixtures.Sample> identifiers() {
            return Fixtures.trickyIdentifiers().stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("strings")
        void every_text_field_of_a_credential_round_trips_byte_exact(Fixtures.Sample sample) {
            String v = sample.value();
            CredentialDraft draft = CredentialDraft.builder("u1", "p", sample.isNotBlank() ? v : "blank-" + v)
                    .refreshToken(v)
                    .scopes(sample.isNotBlank() ? List.of(v, "openid") : List.of("openid"))
                    .metadata(Map.of(v, v, "list", List.of(v)))
                    .build();

            Credential stored = tokens().putCredential(draft);

            Credential read = tokens().credential("u1", "p").orElseThrow();
            assertThat(read).isEqualTo(stored);
            assertThat(read.toDraft()).isEqualTo(draft);
            assertThat(Fixtures.utf8(read.refreshToken())).isEqualTo(Fixtures.utf8(v));
            assertThat(tokens().credentials("u1")).containsExactly(stored);
            assertThat(allCredentials(tokens())).containsExactly(stored);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("identifiers")
        void unusual_subjects_and_providers_round_trip_in_every_read(Fixtures.Sample sample) {
            String v = sample.value();
            Credential stored = tokens().putCredential(Fixtures.credential(v, v, now().plus(HOUR), null));
            Credential sibling = tokens().putCredential(Fixtures.credential(v, v + "2", now().plus(HOUR), null));

            assertThat(tokens().credential(v, v)).contains(stored);
            assertThat(tokens().credentials(v)).containsExactly(stored, sibling);
            assertThat(allCredentials(tokens())).containsExactly(stored, sibling);
            assertThat(tokens().credentialsExpiringBefore(now().plus(DAY), 10)).containsExactly(stored, sibling);
            assertThat(tokens().deleteCredential(v, v)).isTrue();
            assertThat(tokens().credentials(v)).containsExactly(sibling);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("identifiers")
        void unusual_jtis_are_denied_exactly(Fixtures.Sample sample) {
            tokens().revokeAccessToken(sample.value(), now().plus(HOUR));

            assertThat(tokens().isAccessTokenRevoked(sample.value())).isTrue();
            assertThat(tokens().isAccessTokenRevoked(sample.value() + "x")).isFalse();
            assertThat(tokens().isAccessTokenRevoked("x" + sample.value())).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("identifiers")
        void unusual_subjects_own_their_refresh_tokens(Fixtures.Sample sample) {
            IssuedRefreshToken issued = tokens().issueRefreshToken(sample.value(), HOUR);
            IssuedRefreshToken neighbour = tokens().issueRefreshToken(sample.value() + "x", HOUR);

            assertThat(tokens().findRefreshToken(issued.token()).orElseThrow().subject()).isEqualTo(sample.value());
            assertThat(tokens().revokeRefreshTokens(sample.value())).isEqualTo(1);
            assertThat(tokens().findRefreshToken(neighbour.token())).contains(neighbour.refreshToken());
        }

        @Test
        void metadata_keeps_every_json_value_with_its_exact_number_type() {
            CredentialDraft draft = CredentialDraft.builder("u1", "p", "a").metadata(Fixtures.trickyJson()).build();

            tokens().putCredential(draft);

            Map<String, Object> read = tokens().credential("u1", "p").orElseThrow().metadata();
            assertThat(read).isEqualTo(draft.metadata());
            assertThat(read.get("tiny")).isEqualTo(new BigDecimal("1.0E-7"));
            assertThat(read.get("long max")).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void text_at_the_maximum_length_of_every_field_round_trips() {
            String subject = Fixtures.identifier(CredentialDraft.MAX_SUBJECT_LENGTH);
            String provider = Fixtures.identifier(CredentialDraft.MAX_PROVIDER_LENGTH);
            List<String> scopes = IntStream.range(0, 100)
                    .mapToObj(i -> String.format("scope-%03d-", i) + Fixtures.text(490)).toList();
            CredentialDraft draft = CredentialDraft.builder(subject, provider, Fixtures.text(CredentialDraft.MAX_TOKEN_LENGTH))
                    .refreshToken(Fixtures.text(CredentialDraft.MAX_TOKEN_LENGTH))
                    .scopes(scopes)
                    .accountEmail(Fixtures.text(242) + "@example.com")
                    .build();

            Credential stored = tokens().putCredential(draft);

            assertThat(tokens().credential(subject, provider)).contains(stored);
            assertThat(stored.toDraft()).isEqualTo(draft);
            IssuedRefreshToken issued = tokens().issueRefreshToken(subject, HOUR);
            assertThat(tokens().findRefreshToken(issued.token())).contains(issued.refreshToken());
        }

        @Test
        void instants_keep_microseconds_and_drop_nanoseconds() {
            clock.set(clock.instant().plusSeconds(1).with(ChronoField.NANO_OF_SECOND, 111_222_999));
            Instant accessExpiry = now().plus(HOUR).plusNanos(333_444_555 - now().getNano());
            Instant expiry = accessExpiry.plus(DAY);

            Credential stored = tokens().putCredential(Fixtures.credential("u1", "p", accessExpiry, expiry));

            Credential read = tokens().credential("u1", "p").orElseThrow();
            assertThat(read).isEqualTo(stored);
            assertThat(read.createdAt().getNano()).isEqualTo(111_222_000);
            assertThat(read.accessTokenExpiresAt().getNano()).isEqualTo(333_444_000);
            assertThat(read.expiresAt().getNano()).isEqualTo(333_444_000);
        }

        @Test
        void refresh_token_instants_keep_microseconds() {
            clock.set(clock.instant().plusSeconds(1).with(ChronoField.NANO_OF_SECOND, 555_666_777));

            IssuedRefreshToken issued = tokens().issueRefreshToken("u1", HOUR.plusNanos(1_500));

            RefreshToken token = issued.refreshToken();
            assertThat(token.issuedAt().getNano()).isEqualTo(555_666_000);
            assertThat(token.expiresAt()).isEqualTo(token.issuedAt().plus(HOUR).plusNanos(1_000));
            assertThat(tokens().findRefreshToken(issued.token())).contains(token);
        }

        @Test
        void a_found_refresh_token_is_equal_to_the_issued_one_after_rotation_too() {
            IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
            clock.advance(Duration.ofNanos(123_456_789));

            IssuedRefreshToken next = rotated(tokens().rotateRefreshToken(first.token(), DAY));

            Optional<RefreshToken> found = tokens().findRefreshToken(next.token());
            assertThat(found).contains(next.refreshToken());
            assertThat(found.orElseThrow().issuedAt()).isEqualTo(now());
        }
    }

    /**
     * {@link TokenStore#scanRefreshFamilies} and {@link TokenStore#importRefreshFamilies}: a family
     * copied to another store rotates there exactly as on the source; an import never undoes a
     * used mark or a revocation.
     */
    @Nested
    public class RefreshFamilyMigration {

        private final Instant past = Instant.parse("2024-04-04T04:04:04.040404Z");

        private List<RefreshFamily> allFamilies(TokenStore store) {
            List<RefreshFamily> all = new ArrayList<>();
            UUID after = null;
            while (true) {
                List<RefreshFamily> page = store.scanRefreshFamilies(after, 3);
                all.addAll(page);
                if (page.size() < 3) {
                    return all;
                }
                after = page.get(page.size() - 1).familyId();
            }
        }

        private RefreshTokenState state(IssuedRefreshToken issued, boolean used) {
            RefreshToken token = issued.refreshToken();
            return new RefreshTokenState(RefreshTokens.hash(issued.token()), token.id(), token.issuedAt(),
                    token.expiresAt(), used);
        }

        /** A token whose value is known: {@code value}, issued at {@code issuedAt}. */
        private RefreshTokenState known(String value, Instant issuedAt, Duration ttl, boolean used) {
            return new RefreshTokenState(RefreshTokens.hash(value),
                    UUID.nameUUIDFromBytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)), issuedAt,
                    issuedAt.plus(ttl), used);
        }

        private RefreshFamily family(UUID id, String subject, boolean revoked, RefreshTokenState... tokens) {
            Instant created = java.util.Arrays.stream(tokens).map(RefreshTokenState::issuedAt).min(Instant::compareTo)
                    .orElseThrow();
            return new RefreshFamily(id, subject, created, revoked, List.of(tokens));
        }

        private TokenStore target() {
            return tokensOf(targetTenant);
        }

        private final TenantId targetTenant = freshTenant();

        /** a rotated to b (a used), c revoked, d unused; returns {a, b, c, d}. */
        private List<IssuedRefreshToken> sourceState() {
            IssuedRefreshToken a = tokens().issueRefreshToken("u1", HOUR);
            clock.advance(Duration.ofMinutes(1));
            IssuedRefreshToken b = rotated(tokens().rotateRefreshToken(a.token(), DAY));
            IssuedRefreshToken c = tokens().issueRefreshToken("u2", HOUR);
            tokens().revokeRefreshFamily(c.refreshToken().familyId());
            IssuedRefreshToken d = tokens().issueRefreshToken("u1", DAY);
            return List.of(a, b, c, d);
        }

        @Test
        void a_scan_lists_each_live_family_with_the_hash_and_state_of_every_token() {
            List<IssuedRefreshToken> issued = sourceState();
            IssuedRefreshToken a = issued.get(0);
            IssuedRefreshToken c = issued.get(2);
            IssuedRefreshToken d = issued.get(3);

            List<RefreshFamily> expected = new ArrayList<>(List.of(
                    family(a.refreshToken().familyId(), "u1", false, state(a, true), state(issued.get(1), false)),
                    family(c.refreshToken().familyId(), "u2", true, state(c, false)),
                    family(d.refreshToken().familyId(), "u1", false, state(d, false))));
            expected.sort(Comparator.comparing(RefreshFamily::familyId, Ids.UNSIGNED_ORDER));

            assertThat(allFamilies(tokens())).containsExactlyElementsOf(expected);
            assertThat(tokens().scanRefreshFamilies(null, 1000)).containsExactlyElementsOf(expected);
            assertThat(expected.get(0).createdAt()).isEqualTo(expected.get(0).tokens().get(0).issuedAt());
        }

        @Test
        void families_are_scanned_in_unsigned_id_order_and_a_scan_continues_strictly_after_its_position() {
            List<UUID> ids = Fixtures.edgeIds();
            List<RefreshFamily> families = new ArrayList<>();
            for (int i = ids.size() - 1; i >= 0; i--) {
                families.add(family(ids.get(i), "u" + i, false, known("edge-" + i, now(), HOUR, false)));
            }
            target().importRefreshFamilies(families);

            assertThat(allFamilies(target())).extracting(RefreshFamily::familyId).containsExactlyElementsOf(ids);
            assertThat(target().scanRefreshFamilies(ids.get(4), 2)).extracting(RefreshFamily::familyId)
                    .containsExactly(ids.get(5), ids.get(6));
            UUID between = new UUID(ids.get(4).getMostSignificantBits(), ids.get(4).getLeastSignificantBits() + 1);
            assertThat(target().scanRefreshFamilies(between, 10)).extracting(RefreshFamily::familyId)
                    .containsExactlyElementsOf(ids.subList(5, ids.size()));
            assertThat(target().scanRefreshFamilies(ids.get(ids.size() - 1), 10)).isEmpty();
        }

        @Test
        void expired_tokens_are_left_out_and_families_whose_tokens_all_expired_are_not_listed() {
            IssuedRefreshToken shortLived = tokens().issueRefreshToken("u1", Duration.ofMinutes(10));
            IssuedRefreshToken successor = rotated(tokens().rotateRefreshToken(shortLived.token(), Duration.ofHours(2)));
            tokens().issueRefreshToken("u2", Duration.ofMinutes(10));
            clock.advance(HOUR);

            assertThat(allFamilies(tokens())).containsExactly(new RefreshFamily(successor.refreshToken().familyId(),
                    "u1", shortLived.refreshToken().issuedAt(), false, List.of(state(successor, false))));
            clock.advance(HOUR);
            assertThat(allFamilies(tokens())).isEmpty();
        }

        @Test
        void a_family_imported_into_another_store_rotates_there_exactly_as_on_the_source() {
            List<IssuedRefreshToken> issued = sourceState();
            List<RefreshFamily> scanned = allFamilies(tokens());

            assertThat(target().importRefreshFamilies(scanned)).isEqualTo(new ImportResult(3, 0, 0));

            assertThat(allFamilies(target())).isEqualTo(scanned);
            assertThat(target().findRefreshToken(issued.get(1).token())).contains(issued.get(1).refreshToken());
            assertThat(target().findRefreshToken(issued.get(3).token())).contains(issued.get(3).refreshToken());
            assertThat(target().findRefreshToken(issued.get(0).token())).as("a used token").isEmpty();
            assertThat(target().findRefreshToken(issued.get(2).token())).as("a revoked family").isEmpty();
            assertRejected(target().rotateRefreshToken(issued.get(0).token(), HOUR), Reason.REUSED);
            assertRejected(target().rotateRefreshToken(issued.get(1).token(), HOUR), Reason.REVOKED);
            assertRejected(target().rotateRefreshToken(issued.get(2).token(), HOUR), Reason.REVOKED);
            IssuedRefreshToken next = rotated(target().rotateRefreshToken(issued.get(3).token(), HOUR));
            assertThat(next.refreshToken().familyId()).isEqualTo(issued.get(3).refreshToken().familyId());
            assertThat(next.refreshToken().subject()).isEqualTo("u1");
            assertThat(tokens().findRefreshToken(issued.get(1).token())).as("the source is untouched")
                    .contains(issued.get(1).refreshToken());
        }

        @Test
        void importing_the_same_families_again_changes_nothing() {
            sourceState();
            List<RefreshFamily> scanned = allFamilies(tokens());
            target().importRefreshFamilies(scanned);

            assertThat(target().importRefreshFamilies(scanned)).isEqualTo(new ImportResult(0, 0, 3));

            assertThat(allFamilies(target())).isEqualTo(scanned);
        }

        @Test
        void newer_state_of_the_source_is_merged_into_an_older_copy() {
            List<IssuedRefreshToken> issued = sourceState();
            target().importRefreshFamilies(allFamilies(tokens()));
            IssuedRefreshToken e = rotated(tokens().rotateRefreshToken(issued.get(1).token(), HOUR));
            tokens().revokeRefreshFamily(issued.get(3).refreshToken().familyId());

            assertThat(target().importRefreshFamilies(allFamilies(tokens()))).isEqualTo(new ImportResult(0, 2, 1));

            assertThat(allFamilies(target())).isEqualTo(allFamilies(tokens()));
            assertThat(target().findRefreshToken(e.token())).contains(e.refreshToken());
            assertRejected(target().rotateRefreshToken(issued.get(3).token(), HOUR), Reason.REVOKED);
            assertRejected(target().rotateRefreshToken(issued.get(1).token(), HOUR), Reason.REUSED);
            assertThat(target().findRefreshToken(e.token())).as("reuse revoked the family").isEmpty();
        }

        @Test
        void an_import_never_undoes_a_used_token_or_a_revocation_on_the_target() {
            IssuedRefreshToken a = tokens().issueRefreshToken("u1", HOUR);
            IssuedRefreshToken g = tokens().issueRefreshToken("u2", HOUR);
            List<RefreshFamily> older = allFamilies(tokens());
            target().importRefreshFamilies(older);
            IssuedRefreshToken x = rotated(target().rotateRefreshToken(a.token(), HOUR));
            target().revokeRefreshFamily(g.refreshToken().familyId());
            List<RefreshFamily> newer = allFamilies(target());

            assertThat(target().importRefreshFamilies(older)).isEqualTo(new ImportResult(0, 0, 2));

            assertThat(allFamilies(target())).isEqualTo(newer);
            assertThat(target().findRefreshToken(x.token())).contains(x.refreshToken());
            assertRejected(target().rotateRefreshToken(g.token(), HOUR), Reason.REVOKED);
            assertRejected(target().rotateRefreshToken(a.token(), HOUR), Reason.REUSED);
            assertThat(target().findRefreshToken(x.token())).isEmpty();
        }

        @Test
        void imported_tokens_are_found_and_rotated_by_their_values() {
            UUID id = UUID.randomUUID();
            RefreshTokenState used = known("value-1", past.plusSeconds(1), Duration.ofDays(36_500), true);
            RefreshTokenState fresh = known("value-2", past.plusSeconds(2), Duration.ofDays(36_500), false);
            RefreshFamily family = family(id, "u1", false, used, fresh);

            assertThat(target().importRefreshFamilies(List.of(family))).isEqualTo(new ImportResult(1, 0, 0));

            assertThat(target().findRefreshToken("value-2")).contains(fresh.toRefreshToken(family));
            assertThat(allFamilies(target())).containsExactly(family);
            assertRejected(target().rotateRefreshToken("value-1", HOUR), Reason.REUSED);
            assertRejected(target().rotateRefreshToken("value-2", HOUR), Reason.REVOKED);
        }

        @Test
        void expired_tokens_are_not_imported_and_a_family_of_expired_tokens_is_skipped() {
            RefreshTokenState expired = known("old", now().minus(DAY), HOUR, false);
            RefreshTokenState live = known("new", now().minus(Duration.ofMinutes(1)), HOUR, false);
            RefreshFamily partly = family(UUID.randomUUID(), "u1", false, expired, live);
            RefreshFamily gone = family(UUID.randomUUID(), "u1", false, known("gone", now().minus(DAY), HOUR, true));

            assertThat(target().importRefreshFamilies(List.of(partly, gone))).isEqualTo(new ImportResult(1, 0, 1));

            assertThat(allFamilies(target())).containsExactly(new RefreshFamily(partly.familyId(), "u1",
                    partly.createdAt(), false, List.of(live)));
            assertRejected(target().rotateRefreshToken("old", HOUR), Reason.UNKNOWN);
            assertRejected(target().rotateRefreshToken("gone", HOUR), Reason.UNKNOWN);
            assertThat(target().findRefreshToken("new")).isPresent();
        }

        @Test
        void a_family_whose_tokens_expired_on_the_target_counts_as_new_when_imported_again() {
            UUID id = UUID.randomUUID();
            target().importRefreshFamilies(List.of(family(id, "u1", false, known("first", now(), Duration.ofMinutes(10), true))));
            clock.advance(HOUR);

            ImportResult result = target().importRefreshFamilies(List.of(family(id, "u1", false,
                    known("first", now().minus(HOUR), Duration.ofMinutes(10), true), known("second", now(), HOUR, false))));

            assertThat(result).isEqualTo(new ImportResult(1, 0, 0));
            assertThat(target().findRefreshToken("second")).isPresent();
        }

        @Test
        void imported_families_are_revoked_by_subject_and_purged_after_expiry() {
            target().importRefreshFamilies(List.of(
                    family(UUID.randomUUID(), "u1", false, known("one", now(), HOUR, false)),
                    family(UUID.randomUUID(), "u1", false, known("two", now(), HOUR, false)),
                    family(UUID.randomUUID(), "u2", false, known("three", now(), HOUR, false))));

            assertThat(target().revokeRefreshTokens("u1")).isEqualTo(2);
            assertRejected(target().rotateRefreshToken("one", HOUR), Reason.REVOKED);
            assertThat(target().findRefreshToken("three")).isPresent();
            clock.advance(Duration.ofHours(2));
            assertThat(target().purgeExpired()).isEqualTo(3);
            assertThat(allFamilies(target())).isEmpty();
        }

        @Test
        void a_family_held_for_another_subject_is_a_conflict_and_the_batch_writes_nothing() {
            IssuedRefreshToken held = target().issueRefreshToken("u1", HOUR);
            List<RefreshFamily> before = allFamilies(target());
            RefreshFamily fine = family(UUID.randomUUID(), "u3", false, known("fine", now(), HOUR, false));
            RefreshFamily clash = family(held.refreshToken().familyId(), "u2", false, known("other", now(), HOUR, false));

            Expect.conflict(() -> target().importRefreshFamilies(List.of(fine, clash)),
                    dev.stowage.exception.ConflictException.Reason.DUPLICATE_KEY);

            assertThat(allFamilies(target())).isEqualTo(before);
            assertThat(target().findRefreshToken("fine")).isEmpty();
        }

        @Test
        void a_token_held_in_another_family_or_with_another_lifetime_is_a_conflict_and_writes_nothing() {
            IssuedRefreshToken held = target().issueRefreshToken("u1", HOUR);
            List<RefreshFamily> before = allFamilies(target());
            RefreshTokenState same = state(held, false);
            RefreshFamily elsewhere = family(UUID.randomUUID(), "u1", false, same);
            RefreshFamily longer = family(held.refreshToken().familyId(), "u1", false, new RefreshTokenState(
                    same.tokenHash(), same.id(), same.issuedAt(), same.expiresAt().plus(HOUR), false));

            Expect.conflict(() -> target().importRefreshFamilies(List.of(elsewhere)),
                    dev.stowage.exception.ConflictException.Reason.DUPLICATE_KEY);
            Expect.conflict(() -> target().importRefreshFamilies(List.of(longer)),
                    dev.stowage.exception.ConflictException.Reason.DUPLICATE_KEY);

            assertThat(allFamilies(target())).isEqualTo(before);
        }

        @Test
        void bad_batches_and_limits_are_rejected_naming_them() {
            RefreshFamily one = family(UUID.randomUUID(), "u1", false, known("v", now(), HOUR, false));
            List<RefreshFamily> withNull = new ArrayList<>(List.of(one));
            withNull.add(null);

            Expect.validation(() -> target().importRefreshFamilies(null), "families");
            Expect.validation(() -> target().importRefreshFamilies(withNull), "families[1]");
            Expect.validation(() -> target().importRefreshFamilies(List.of(one, one)), "families[1].familyId");
            Expect.validation(() -> target().importRefreshFamilies(Collections.nCopies(1_001, one)), "families");
            Expect.validation(() -> target().scanRefreshFamilies(null, 0), "limit");
            Expect.validation(() -> target().scanRefreshFamilies(null, 1_001), "limit");
            assertThat(target().scanRefreshFamilies(null, 1_000)).isEmpty();
            assertThat(target().importRefreshFamilies(List.of())).isEqualTo(ImportResult.EMPTY);
        }

        @Test
        void families_are_per_tenant() {
            sourceState();

            assertThat(allFamilies(target())).isEmpty();
            target().importRefreshFamilies(List.of(family(UUID.randomUUID(), "u1", false, known("t", now(), HOUR, false))));
            assertThat(allFamilies(tokens())).hasSize(3);
            assertThat(tokens().findRefreshToken("t")).isEmpty();
        }
    }

    /**
     * {@link TokenStore#scanRevokedAccessTokens} and {@link TokenStore#importRevokedAccessTokens}:
     * a migrated store denies every revoked jti until its expiry.
     */
    @Nested
    public class DenylistMigration {

        private List<RevokedAccessToken> allDenials(TokenStore store) {
            List<RevokedAccessToken> all = new ArrayList<>();
            RevokedAccessToken after = null;
            while (true) {
                List<RevokedAccessToken> page = store.scanRevokedAccessTokens(after, 4);
                all.addAll(page);
                if (page.size() < 4) {
                    return all;
                }
                after = page.get(page.size() - 1);
            }
        }

        private TokenStore target() {
            return tokensOf(targetTenant);
        }

        private final TenantId targetTenant = freshTenant();

        @Test
        void a_scan_lists_unexpired_denials_by_expiry_then_jti() {
            tokens().revokeAccessToken("j-b", now().plus(DAY));
            tokens().revokeAccessToken("j-a", now().plus(DAY));
            tokens().revokeAccessToken("j-c", now().plus(HOUR));
            tokens().revokeAccessToken("j-gone", now().minus(HOUR));

            assertThat(allDenials(tokens())).containsExactly(new RevokedAccessToken("j-c", now().plus(HOUR)),
                    new RevokedAccessToken("j-a", now().plus(DAY)), new RevokedAccessToken("j-b", now().plus(DAY)));
        }

        @Test
        void jtis_of_one_expiry_are_in_code_point_order_and_pages_return_each_once() {
            List<RevokedAccessToken> expected = new ArrayList<>();
            for (Fixtures.Sample sample : Fixtures.trickyIdentifiers()) {
                tokens().revokeAccessToken(sample.value(), now().plus(HOUR));
                expected.add(new RevokedAccessToken(sample.value(), now().plus(HOUR)));
            }
            // U+FF21 sorts before U+1D400 in UTF-16 but after it by code point.
            tokens().revokeAccessToken("\uFF21lpha", now().plus(HOUR));
            expected.add(new RevokedAccessToken("\uFF21lpha", now().plus(HOUR)));
            for (int i = 0; i < 9; i++) {
                tokens().revokeAccessToken("n-" + i, now().plus(Duration.ofMinutes(10 + i)));
                expected.add(new RevokedAccessToken("n-" + i, now().plus(Duration.ofMinutes(10 + i))));
            }
            expected.sort(RevokedAccessToken.SCAN_ORDER);

            assertThat(allDenials(tokens())).containsExactlyElementsOf(expected);
            assertThat(tokens().scanRevokedAccessTokens(expected.get(2), 3)).containsExactlyElementsOf(expected.subList(3, 6));
            RevokedAccessToken absent = new RevokedAccessToken(expected.get(2).jti() + "~", expected.get(2).expiresAt());
            assertThat(tokens().scanRevokedAccessTokens(absent, 10_000)).first()
                    .isEqualTo(expected.stream().filter(e -> RevokedAccessToken.SCAN_ORDER.compare(e, absent) > 0).findFirst().orElseThrow());
        }

        @Test
        void denials_disappear_from_scans_when_they_expire() {
            tokens().revokeAccessToken("short", now().plus(Duration.ofMinutes(10)));
            tokens().revokeAccessToken("long", now().plus(DAY));
            clock.advance(HOUR);

            assertThat(allDenials(tokens())).extracting(RevokedAccessToken::jti).containsExactly("long");
            assertThat(tokens().scanRevokedAccessTokens(new RevokedAccessToken("a", now().minus(DAY)), 10))
                    .extracting(RevokedAccessToken::jti).containsExactly("long");
        }

        @Test
        void a_denial_revoked_again_with_a_later_expiry_moves_later_in_the_order() {
            tokens().revokeAccessToken("moved", now().plus(HOUR));
            tokens().revokeAccessToken("stays", now().plus(Duration.ofHours(2)));
            RevokedAccessToken first = tokens().scanRevokedAccessTokens(null, 1).get(0);
            tokens().revokeAccessToken("moved", now().plus(DAY));

            assertThat(tokens().scanRevokedAccessTokens(first, 10)).containsExactly(
                    new RevokedAccessToken("stays", now().plus(Duration.ofHours(2))),
                    new RevokedAccessToken("moved", now().plus(DAY)));
        }

        @Test
        void a_migrated_store_denies_every_revoked_jti_until_its_expiry() {
            tokens().revokeAccessToken("j-1", now().plus(Duration.ofMinutes(30)));
            tokens().revokeAccessToken("j-2", now().plus(DAY));
            for (Fixtures.Sample sample : Fixtures.trickyIdentifiers()) {
                tokens().revokeAccessToken(sample.value(), now().plus(HOUR));
            }
            List<RevokedAccessToken> scanned = allDenials(tokens());

            ImportResult result = target().importRevokedAccessTokens(scanned);

            assertThat(result).isEqualTo(new ImportResult(scanned.size(), 0, 0));
            assertThat(allDenials(target())).isEqualTo(scanned);
            for (RevokedAccessToken entry : scanned) {
                assertThat(target().isAccessTokenRevoked(entry.jti())).as(entry.jti()).isTrue();
            }
            clock.advance(HOUR);
            assertThat(target().isAccessTokenRevoked("j-1")).isFalse();
            assertThat(target().isAccessTokenRevoked("j-2")).isTrue();
            assertThat(target().isAccessTokenRevoked(Fixtures.trickyIdentifiers().get(0).value())).isFalse();
        }

        @Test
        void an_import_inserts_extends_keeps_and_skips_by_the_rule_of_revoke() {
            target().revokeAccessToken("earlier", now().plus(HOUR));
            target().revokeAccessToken("later", now().plus(DAY));
            target().revokeAccessToken("lapsed", now().plus(Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(2));

            ImportResult result = target().importRevokedAccessTokens(List.of(
                    new RevokedAccessToken("new", now().plus(HOUR)),
                    new RevokedAccessToken("earlier", now().plus(DAY)),
                    new RevokedAccessToken("later", now().plus(HOUR)),
                    new RevokedAccessToken("lapsed", now().plus(HOUR)),
                    new RevokedAccessToken("expired", now().minus(HOUR)),
                    new RevokedAccessToken("now", now())));

            assertThat(result).isEqualTo(new ImportResult(2, 1, 3));
            assertThat(allDenials(target())).containsExactly(new RevokedAccessToken("lapsed", now().plus(HOUR)),
                    new RevokedAccessToken("new", now().plus(HOUR)),
                    new RevokedAccessToken("later", now().minus(Duration.ofMinutes(2)).plus(DAY)),
                    new RevokedAccessToken("earlier", now().plus(DAY)));
            assertThat(target().isAccessTokenRevoked("expired")).isFalse();
            assertThat(target().isAccessTokenRevoked("now")).isFalse();
        }

        @Test
        void importing_the_same_entries_again_changes_nothing() {
            List<RevokedAccessToken> entries = List.of(new RevokedAccessToken("a", now().plus(HOUR)),
                    new RevokedAccessToken("b", now().plus(DAY)));
            target().importRevokedAccessTokens(entries);

            assertThat(target().importRevokedAccessTokens(entries)).isEqualTo(new ImportResult(0, 0, 2));

            assertThat(allDenials(target())).isEqualTo(entries);
        }

        @Test
        void imported_denials_are_purged_after_they_expire() {
            target().importRevokedAccessTokens(List.of(new RevokedAccessToken("a", now().plus(HOUR)),
                    new RevokedAccessToken("b", now().plus(HOUR))));
            clock.advance(Duration.ofHours(2));

            assertThat(target().purgeExpired()).isEqualTo(2);
            assertThat(allDenials(target())).isEmpty();
        }

        @Test
        void bad_batches_and_limits_are_rejected_naming_them() {
            RevokedAccessToken one = new RevokedAccessToken("a", now().plus(HOUR));
            List<RevokedAccessToken> withNull = new ArrayList<>(List.of(one));
            withNull.add(null);

            Expect.validation(() -> target().importRevokedAccessTokens(null), "entries");
            Expect.validation(() -> target().importRevokedAccessTokens(withNull), "entries[1]");
            Expect.validation(() -> target().importRevokedAccessTokens(List.of(one,
                    new RevokedAccessToken("a", now().plus(DAY)))), "entries[1].jti");
            Expect.validation(() -> target().importRevokedAccessTokens(Collections.nCopies(10_001, one)), "entries");
            Expect.validation(() -> target().scanRevokedAccessTokens(null, 0), "limit");
            Expect.validation(() -> target().scanRevokedAccessTokens(null, 10_001), "limit");
            assertThat(target().scanRevokedAccessTokens(null, 10_000)).isEmpty();
            assertThat(target().importRevokedAccessTokens(List.of())).isEqualTo(ImportResult.EMPTY);
            assertThat(target().isAccessTokenRevoked("a")).isFalse();
        }

        @Test
        void denials_are_per_tenant() {
            tokens().revokeAccessToken("mine", now().plus(HOUR));

            assertThat(allDenials(target())).isEmpty();
            target().importRevokedAccessTokens(List.of(new RevokedAccessToken("theirs", now().plus(HOUR))));
            assertThat(allDenials(tokens())).extracting(RevokedAccessToken::jti).containsExactly("mine");
            assertThat(tokens().isAccessTokenRevoked("theirs")).isFalse();
        }
    }

    /** Credential {@code metadata} follows the one JSON semantics of {@link dev.stowage.support.JsonValues}. */
    @Nested
    public class MetadataJson extends JsonFieldContract {

        /** Checks the field {@code metadata}. */
        public MetadataJson() {
            super("metadata");
        }

        @Override
        protected void write(Map<String, ?> json) {
            tokens().putCredential(CredentialDraft.builder("u1", "google", "access").metadata(json).build());
        }

        @Override
        protected Map<String, Map<String, Object>> writeAndReadBack(Map<String, ?> json) {
            Credential stored = tokens().putCredential(CredentialDraft.builder("u1", "google", "access")
                    .accessTokenExpiresAt(now().plus(HOUR)).metadata(json).build());
            tokens().importCredentials(List.of(Fixtures.importedCredential(
                    CredentialDraft.builder("u2", "google", "access").metadata(json).build(), now(), now())));

            Map<String, Map<String, Object>> reads = new java.util.LinkedHashMap<>();
            reads.put("putCredential", stored.metadata());
            reads.put("credential", tokens().credential("u1", "google").orElseThrow().metadata());
            reads.put("credentials", tokens().credentials("u1").get(0).metadata());
            reads.put("credentialsExpiringBefore",
                    tokens().credentialsExpiringBefore(now().plus(DAY), 10).get(0).metadata());
            List<Credential> scanned = tokens().scanCredentials(null, null, 10);
            assertThat(scanned).hasSize(2);
            reads.put("scanCredentials[0]", scanned.get(0).metadata());
            reads.put("scanCredentials[1]", scanned.get(1).metadata());
            reads.put("credential imported", tokens().credential("u2", "google").orElseThrow().metadata());
            return reads;
        }

        @Override
        protected void assertNothingStored() {
            assertNoCredentials();
        }
    }
}
