package dev.stowage.testkit;

import dev.stowage.StowageConfig;
import dev.stowage.TenantId;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.encryption.Keyring;
import dev.stowage.encryption.Reencryption;
import dev.stowage.encryption.SecretCipher;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Encryption at rest of credential secrets ({@link EncryptingBackend}) over a backend: what the
 * server holds has no plaintext secret, a value moved to another row does not decrypt, a missing
 * key is a clear error naming its id, and the re-encryption job moves every value to the active
 * key so old keys can be removed. {@link #openBackend} opens the plain backend (this suite puts
 * the encryption over it); {@link #storedText} reads what the server holds, below the library
 * ({@code psql}-level SQL, {@code HGETALL}).
 */
public abstract class CredentialEncryptionContract extends StoreContract {

    /**
     * Everything the server holds for the tenant's credentials, as text, read below the library
     * (every column of every row, every field of every hash). It may include other tenants'
     * data: the tests look only for values unique to the tenant.
     *
     * @param tenant the tenant
     * @return the text
     */
    protected abstract String storedText(TenantId tenant);

    /**
     * @param active the active key id
     * @param ids    every key id of the keyring (including {@code active})
     * @return a keyring of test keys derived from their ids (the same id always gives the same key)
     */
    public static Keyring testKeys(String active, String... ids) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String id : ids) {
            keys.put(id, testKey(id));
        }
        return Keyring.of(active, keys);
    }

    private static byte[] testKey(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("stowage test key " + id).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TokenStore encrypted(Keyring keys) {
        return EncryptingBackend.wrap(backend, keys).tokens(tenant);
    }

    private static CredentialDraft secretCredential(String subject, String provider, String access, String refresh) {
        return CredentialDraft.builder(subject, provider, access).refreshToken(refresh)
                .accountEmail("owner@example.com").scopes("mail.read").build();
    }

    @Test
    void the_server_holds_no_plaintext_secret_and_reads_return_the_secrets() {
        TokenStore tokens = encrypted(testKeys("k1", "k1"));
        String access = "ya29.access-SECRET-" + tenant.value();
        String refresh = "1//refresh-SECRET-" + tenant.value();

        Credential put = tokens.putCredential(secretCredential("u1", "google", access, refresh));

        assertThat(put.accessToken()).isEqualTo(access);
        assertThat(tokens.credential("u1", "google").orElseThrow().refreshToken()).isEqualTo(refresh);
        assertThat(tokens.credentials("u1")).extracting(Credential::accessToken).containsExactly(access);
        assertThat(tokens.scanCredentials(null, null, 10)).extracting(Credential::refreshToken).containsExactly(refresh);
        String stored = storedText(tenant);
        assertThat(stored).contains(SecretCipher.ENVELOPE_PREFIX + "k1:")
                .doesNotContain(access).doesNotContain(refresh).doesNotContain("SECRET-" + tenant.value());
        Credential raw = backend.tokens(tenant).credential("u1", "google").orElseThrow();
        assertThat(raw.accessToken()).isNotEqualTo(raw.refreshToken());
        assertThat(raw.toString()).doesNotContain("SECRET");
    }

    @Test
    void the_same_secret_encrypts_differently_every_time_with_a_random_nonce() {
        TokenStore tokens = encrypted(testKeys("k1", "k1"));
        tokens.putCredential(secretCredential("u1", "google", "same-secret", "same-secret"));
        String first = backend.tokens(tenant).credential("u1", "google").orElseThrow().accessToken();
        tokens.putCredential(secretCredential("u1", "google", "same-secret", "same-secret"));
        Credential second = backend.tokens(tenant).credential("u1", "google").orElseThrow();

        assertThat(second.accessToken()).isNotEqualTo(first).isNotEqualTo(second.refreshToken());
    }

    @Test
    void a_value_moved_to_another_row_or_field_does_not_decrypt_and_the_error_names_the_key_only() {
        TokenStore tokens = encrypted(testKeys("k1", "k1"));
        tokens.putCredential(secretCredential("victim", "google", "victim-SECRET-access", "victim-SECRET-refresh"));
        Credential stolen = backend.tokens(tenant).credential("victim", "google").orElseThrow();
        TokenStore raw = backend.tokens(tenant);
        TenantId otherTenant = freshTenant();

        raw.putCredential(moved(stolen, "attacker", "google", false));
        raw.putCredential(moved(stolen, "victim", "github", false));
        raw.putCredential(moved(stolen, "victim", "slack", true));
        backend.tokens(otherTenant).putCredential(moved(stolen, "victim", "google", false));

        for (Runnable read : List.<Runnable>of(
                () -> tokens.credential("attacker", "google"),
                () -> tokens.credential("victim", "github"),
                () -> tokens.credential("victim", "slack"),
                () -> tokens.credentials("attacker"),
                () -> tokens.scanCredentials(null, null, 10),
                () -> EncryptingBackend.wrap(backend, testKeys("k1", "k1")).tokens(otherTenant).credential("victim", "google"))) {
            assertThatThrownBy(read::run).isInstanceOf(StoreException.class)
                    .isNotInstanceOf(ValidationException.class)
                    .hasMessageContaining("'k1'").hasMessageContaining("does not decrypt")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET").doesNotContain(stolen.accessToken()));
        }
        assertThat(tokens.credential("victim", "google").orElseThrow().accessToken()).isEqualTo("victim-SECRET-access");
    }

    private static CredentialDraft moved(Credential stolen, String subject, String provider, boolean swapFields) {
        return CredentialDraft.builder(subject, provider, swapFields ? stolen.refreshToken() : stolen.accessToken())
                .refreshToken(swapFields ? stolen.accessToken() : stolen.refreshToken()).build();
    }

    @Test
    void a_value_under_a_key_the_keyring_lacks_is_an_error_naming_that_key_id() {
        encrypted(testKeys("old", "old")).putCredential(secretCredential("u1", "google", "SECRET-a", "SECRET-r"));
        TokenStore withoutOld = encrypted(testKeys("new", "new"));

        assertThatThrownBy(() -> withoutOld.credential("u1", "google")).isInstanceOf(StoreException.class)
                .hasMessageContaining("'old'").hasMessageContaining("does not hold")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }

    @Test
    void a_key_with_the_right_id_but_other_bytes_does_not_decrypt() {
        encrypted(testKeys("k1", "k1")).putCredential(secretCredential("u1", "google", "SECRET-a", null));
        TokenStore impostor = encrypted(Keyring.of("k1", Map.of("k1", new byte[32])));

        assertThatThrownBy(() -> impostor.credential("u1", "google")).isInstanceOf(StoreException.class)
                .hasMessageContaining("'k1'").hasMessageContaining("does not decrypt");
    }

    @Test
    void an_over_long_secret_is_rejected_naming_the_field_and_nothing_is_written() {
        TokenStore tokens = encrypted(testKeys("k1", "k1"));
        String envelopeLooking = SecretCipher.ENVELOPE_PREFIX + "k1:" + "x".repeat(CredentialDraft.MAX_TOKEN_LENGTH);

        assertThatThrownBy(() -> tokens.putCredential(CredentialDraft.builder("u1", "google", envelopeLooking).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("accessToken"));
        assertThat(backend.tokens(tenant).credential("u1", "google")).isEmpty();
    }

    @Test
    void rotation_reencrypts_every_value_in_resumable_batches_and_old_keys_can_then_be_removed() {
        backend.tokens(tenant).putCredential(secretCredential("clear", "google", tenant.value() + "-SECRET-clear-a",
                tenant.value() + "-SECRET-clear-r"));
        TokenStore underK1 = encrypted(testKeys("k1", "k1"));
        List<CredentialDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            CredentialDraft draft = secretCredential(Fixtures.subject(i), i % 2 == 0 ? "google" : "github",
                    tenant.value() + "-SECRET-a-" + i, i % 3 == 0 ? null : tenant.value() + "-SECRET-r-" + i);
            drafts.add(draft);
            underK1.putCredential(draft);
        }
        Credential before = backend.tokens(tenant).credential(Fixtures.subject(0), "google").orElseThrow();
        EncryptingBackend rotated = EncryptingBackend.wrap(backend, testKeys("k2", "k1", "k2"));
        Reencryption job = rotated.reencryption();

        Reencryption.Progress first = job.batch(tenant, null, 10);
        assertThat(first.read()).isEqualTo(10);
        assertThat(first.reencrypted()).isEqualTo(10);
        assertThat(first.done()).isFalse();
        Reencryption.Progress rest = job.batch(tenant, first.next(), 10);
        while (!rest.done()) {
            rest = job.batch(tenant, rest.next(), 10);
        }
        Reencryption.Progress again = job.tenant(tenant, 10);

        assertThat(again.read()).isEqualTo(26);
        assertThat(again.reencrypted()).as("a second run finds nothing left").isZero();
        assertThat(storedText(tenant)).doesNotContain(tenant.value() + "-SECRET");
        List<String> storedValues = new ArrayList<>();
        for (Credential raw : backend.tokens(tenant).scanCredentials(null, null, 100)) {
            storedValues.add(raw.accessToken());
            if (raw.refreshToken() != null) {
                storedValues.add(raw.refreshToken());
            }
        }
        assertThat(storedValues).hasSize(26 + 17)
                .allSatisfy(value -> assertThat(SecretCipher.keyIdOf(value)).isEqualTo("k2"));
        TokenStore onlyK2 = encrypted(testKeys("k2", "k2"));
        for (CredentialDraft draft : drafts) {
            assertThat(onlyK2.credential(draft.subject(), draft.provider()).orElseThrow().toDraft()).isEqualTo(draft);
        }
        assertThat(onlyK2.credential("clear", "google").orElseThrow().refreshToken())
                .isEqualTo(tenant.value() + "-SECRET-clear-r");
        Credential after = onlyK2.credential(Fixtures.subject(0), "google").orElseThrow();
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.updatedAt()).as("moved one microsecond forward").isEqualTo(before.updatedAt().plusNanos(1_000));
        assertThatThrownBy(() -> encrypted(testKeys("k1", "k1")).credential(Fixtures.subject(0), "google"))
                .hasMessageContaining("'k2'");
    }

    @Test
    void reencryption_leaves_a_credential_written_after_it_was_read() {
        encrypted(testKeys("k1", "k1")).putCredential(secretCredential("u1", "google", "SECRET-old", null));
        clock.advance(Duration.ofSeconds(1));
        EncryptingBackend rotated = EncryptingBackend.wrap(backend, testKeys("k2", "k1", "k2"));
        rotated.tokens(tenant).putCredential(secretCredential("u1", "google", "SECRET-new", null));

        Reencryption.Progress progress = rotated.reencryption().tenant(tenant, 10);

        assertThat(progress.reencrypted()).isZero();
        assertThat(rotated.tokens(tenant).credential("u1", "google").orElseThrow().accessToken()).isEqualTo("SECRET-new");
    }

    @Test
    void secrets_stored_in_clear_before_encryption_was_turned_on_still_read() {
        backend.tokens(tenant).putCredential(secretCredential("u1", "google", "legacy-a", "legacy-r"));

        Credential read = encrypted(testKeys("k1", "k1")).credential("u1", "google").orElseThrow();

        assertThat(read.accessToken()).isEqualTo("legacy-a");
        assertThat(read.refreshToken()).isEqualTo("legacy-r");
    }

    @Test
    void the_configuration_keys_build_the_keyring_and_no_key_is_ever_printed() {
        String k1 = java.util.Base64.getEncoder().encodeToString(testKey("k1"));
        String k2 = java.util.Base64.getEncoder().encodeToString(testKey("k2"));
        StowageConfig config = StowageConfig.of(Map.of(
                "stowage.tokens.encryption.active-key", "k2",
                "stowage.tokens.encryption.keys.k1", k1,
                "stowage.tokens.encryption.keys.K2", k2));

        Keyring keyring = Keyring.fromConfig(config).orElseThrow();

        assertThat(keyring.activeKeyId()).isEqualTo("k2");
        assertThat(keyring.keyIds()).containsExactly("k1", "k2");
        assertThat(keyring.toString() + config).doesNotContain(k1).doesNotContain(k2);
        encrypted(testKeys("k1", "k1")).putCredential(secretCredential("u1", "google", "SECRET-a", null));
        assertThat(encrypted(keyring).credential("u1", "google").orElseThrow().accessToken()).isEqualTo("SECRET-a");
        assertThat(Keyring.fromConfig(StowageConfig.of(Map.of()))).isEmpty();
    }
}
