package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.Posting;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.exception.ConflictException;
import dev.stowage.micrometer.MeteredStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.CredentialEncryptionContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No personal value in any key name: after writing contacts, credits, credentials and refresh
 * tokens with recognisable emails, subjects, providers and account ids, a SCAN of the whole prefix
 * finds none of them; and {@link RedisKeyNames#migrate} moves a keyspace written with subjects,
 * providers and account ids in clear to the hashed names, idempotently, without losing a lookup.
 */
abstract class PersonalKeyNamesTest extends RedisTestBase {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final List<String> SUBJECTS = List.of("subjectZelda42", "user:ganon@hyrule.example");
    private static final List<String> PROVIDERS = List.of("providerHyrule", "providerKokiri");
    private static final List<String> ACCOUNTS = List.of("acctLinkPurse", "acct-9f3e-Epona");

    private Keys keys(TenantId tenant) {
        return new Keys(prefix, tenant, KeyHasher.forPrefix(prefix));
    }

    /** Writes every kind of record under the recognisable values. */
    private void writeEverything(TenantId tenant) {
        backend.contacts(tenant).create(ContactDraft.builder("navi.fairy@deku.example").build());
        CreditStore credits = backend.credits(tenant);
        TokenStore tokens = backend.tokens(tenant);
        for (String account : ACCOUNTS) {
            credits.post(Posting.purchase(account, 10));
            credits.post(Posting.deduction(account, 3).withIdempotencyKey("idem-" + account));
        }
        for (String subject : SUBJECTS) {
            for (String provider : PROVIDERS) {
                tokens.putCredential(CredentialDraft.builder(subject, provider, "access-secret")
                        .accessTokenExpiresAt(clock.instant().plus(HOUR)).expiresAt(clock.instant().plus(HOUR)).build());
            }
            IssuedRefreshToken first = tokens.issueRefreshToken(subject, HOUR);
            assertThat(tokens.rotateRefreshToken(first.token(), HOUR).isRotated()).isTrue();
        }
        tokens.revokeAccessToken("jti-1", clock.instant().plus(HOUR));
    }

    private List<String> personalValues() {
        return java.util.stream.Stream.of(SUBJECTS, PROVIDERS, ACCOUNTS, List.of("navi.fairy@deku.example", "navi.fairy"))
                .flatMap(List::stream).toList();
    }

    @Test
    void no_key_name_of_the_prefix_carries_an_email_a_subject_a_provider_or_an_account_id() {
        TenantId tenant = TenantId.of("personal-names");
        writeEverything(tenant);
        backend.tokens(tenant).purgeExpired();

        List<String> all = raw.keysOfPrefix(prefix);
        assertThat(all).as("the tenant's keys").anyMatch(key -> key.contains(":cred:"))
                .anyMatch(key -> key.contains(":rt-subject:")).anyMatch(key -> key.contains(":a-ledger:"));
        for (String value : personalValues()) {
            assertThat(all).as("key names holding " + value).noneMatch(key -> key.contains(value));
        }
        assertThat(backend.tokens(tenant).credentials(SUBJECTS.get(1))).hasSize(2);
        assertThat(backend.credits(tenant).account(ACCOUNTS.get(0)).orElseThrow().balance()).isEqualTo(7);
    }

    @Test
    void the_migration_moves_credentials_subject_sets_and_accounts_from_clear_names_and_is_idempotent() {
        TenantId tenant = TenantId.of("personal-old");
        writeEverything(tenant);
        Keys keys = keys(tenant);
        downgrade(keys);
        TokenStore tokens = backend.tokens(tenant);
        assertThat(tokens.credential(SUBJECTS.get(0), PROVIDERS.get(0))).as("missed before the migration").isEmpty();
        assertThat(backend.credits(tenant).account(ACCOUNTS.get(0))).as("missed before the migration").isEmpty();
        // A rotation by an upgraded process before the migration keeps the family in its old names.
        IssuedRefreshToken late = tokens.issueRefreshToken("late-subject", HOUR);
        String lateKey = keys.refreshFamiliesOf("late-subject");
        raw.commands().rename(lateKey, keys.refreshFamiliesOfSubjectPrefix() + "late-subject");
        raw.commands().hdel(keys.refreshFamilyPrefix() + late.refreshToken().familyId(), "owner");
        rewriteExpiryMembers(keys, "late-subject", keys.owner("late-subject"), "late-subject");
        RotationResult rotated = tokens.rotateRefreshToken(late.token(), HOUR);
        assertThat(rotated.isRotated()).isTrue();

        long moved = RedisKeyNames.migrate(backend, 2);

        int credentials = SUBJECTS.size() * PROVIDERS.size();
        assertThat(moved).isEqualTo(credentials + SUBJECTS.size() + 1 + ACCOUNTS.size());
        for (String value : personalValues()) {
            assertThat(raw.keysOfPrefix(prefix)).as("key names holding " + value).noneMatch(key -> key.contains(value));
        }
        assertThat(KeyspaceAudit.check(raw, prefix)).isEmpty();
        for (String subject : SUBJECTS) {
            assertThat(tokens.credentials(subject)).hasSize(PROVIDERS.size());
            assertThat(tokens.revokeRefreshTokens(subject)).isEqualTo(1);
        }
        assertThat(tokens.scanCredentials(SUBJECTS.get(0), PROVIDERS.get(0), 10)).hasSize(credentials - 1);
        assertThat(tokens.revokeRefreshTokens("late-subject")).isEqualTo(1);
        assertThat(backend.credits(tenant).account(ACCOUNTS.get(1)).orElseThrow().balance()).isEqualTo(7);
        assertThat(backend.credits(tenant).scanAccounts(null, 10)).hasSize(ACCOUNTS.size());
        assertThat(backend.credits(tenant).post(Posting.purchase(ACCOUNTS.get(0), 1)).sequence()).isEqualTo(3);
        assertThat(RedisKeyNames.migrate(backend, 2)).as("a second run").isZero();
    }

    @Test
    void the_migration_and_the_index_build_find_the_redis_backend_below_meters_and_encryption() {
        TenantId tenant = TenantId.of("personal-decorated");
        writeEverything(tenant);
        downgrade(keys(tenant));
        // Not closed here: closing the decorators would close the test's backend, which the base class owns.
        StoreBackend decorated = MeteredStores.wrap(EncryptingBackend.wrap(backend,
                CredentialEncryptionContract.testKeys("k1", "k1")), new SimpleMeterRegistry());

        long moved = RedisKeyNames.migrate(decorated, 10);

        assertThat(moved).isEqualTo(SUBJECTS.size() * PROVIDERS.size() + SUBJECTS.size() + ACCOUNTS.size());
        assertThat(KeyspaceAudit.check(raw, prefix)).isEmpty();
        assertThat(backend.tokens(tenant).credential(SUBJECTS.get(0), PROVIDERS.get(0))).isPresent();
        assertThat(backend.credits(tenant).account(ACCOUNTS.get(0)).orElseThrow().balance()).isEqualTo(7);
        RedisSearchIndex.build(decorated, 10);
        assertThat(raw.keysOfPrefix(prefix)).as("the tenant's word index marked complete")
                .anyMatch(key -> key.contains(tenant.value()) && key.endsWith(":c-words"));
        assertThat(RedisSearchIndex.build(decorated, 10)).as("a second build").isZero();
    }

    @Test
    void an_account_posted_to_under_both_names_is_reported_and_left_in_place() {
        TenantId tenant = TenantId.of("personal-conflict");
        CreditStore credits = backend.credits(tenant);
        credits.post(Posting.purchase("acctBoth", 5));
        Keys keys = keys(tenant);
        List<String> old = keys.unhashedAccountKeys("acctBoth");
        List<String> hashed = keys.accountKeys("acctBoth");
        raw.commands().rename(hashed.get(0), old.get(0));
        raw.commands().rename(hashed.get(1), old.get(1));
        credits.post(Posting.purchase("acctBoth", 2));

        assertThatThrownBy(() -> RedisKeyNames.migrate(backend, 10)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("1 credit accounts").hasMessageNotContaining("acctBoth");

        assertThat(raw.commands().exists(old.get(0))).isEqualTo(1);
        assertThat(credits.account("acctBoth").orElseThrow().balance()).isEqualTo(2);
        // Resolve by hand as the message says (here: keep the new ledger), so the prefix audits clean.
        raw.commands().del(old.get(0), old.get(1));
        assertThat(RedisKeyNames.migrate(backend, 10)).isZero();
    }

    /** Rewrites the tenant's tokens, credentials and accounts into the layout before names were hashed. */
    private void downgrade(Keys keys) {
        for (String subject : SUBJECTS) {
            for (String provider : PROVIDERS) {
                String oldName = subject + " " + provider;
                String newName = keys.credentialName(subject, provider);
                Map<String, String> record = raw.commands().hgetall(keys.credential(subject, provider));
                raw.commands().rename(keys.credential(subject, provider), keys.credentialPrefix() + oldName);
                replaceMember(keys.credentialIds(), newName, oldName);
                replaceMember(keys.credentialsByAccessExpiry(), record.get("access") + " " + newName,
                        record.get("access") + " " + oldName);
                replaceMember(keys.credentialsByExpiry(), record.get("expiry") + " " + newName,
                        record.get("expiry") + " " + oldName);
            }
            String set = keys.refreshFamiliesOf(subject);
            for (String family : raw.commands().smembers(set)) {
                raw.commands().hdel(keys.refreshFamilyPrefix() + family, "owner");
            }
            raw.commands().rename(set, keys.refreshFamiliesOfSubjectPrefix() + subject);
            rewriteExpiryMembers(keys, subject, keys.owner(subject), subject);
        }
        for (String account : ACCOUNTS) {
            List<String> hashed = keys.accountKeys(account);
            List<String> old = keys.unhashedAccountKeys(account);
            for (int i = 0; i < hashed.size(); i++) {
                raw.commands().rename(hashed.get(i), old.get(i));
            }
        }
    }

    private void rewriteExpiryMembers(Keys keys, String subject, String from, String to) {
        for (String member : raw.commands().zrange(keys.refreshTokensByExpiry(), 0, -1)) {
            String[] parts = member.split(" ");
            String owner = raw.commands().hget(keys.refreshFamilyPrefix() + parts[1], "subject");
            if (subject.equals(owner) && parts[2].equals(from)) {
                replaceMember(keys.refreshTokensByExpiry(), member, parts[0] + " " + parts[1] + " " + to + " " + parts[3]);
            }
        }
    }

    private void replaceMember(String key, String from, String to) {
        assertThat(raw.commands().zrem(key, from)).as(key + " holds " + from).isEqualTo(1);
        raw.commands().zadd(key, 0, to);
    }
}
