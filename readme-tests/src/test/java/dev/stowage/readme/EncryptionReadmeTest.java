package dev.stowage.readme;

import dev.stowage.TenantId;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.encryption.Keyring;
import dev.stowage.encryption.Reencryption;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The key-rotation snippet of the root README's "Encryption at rest", as written. */
class EncryptionReadmeTest {

    private static final byte[] OLD_KEY = IntStream.range(0, 32).collect(() -> new byte[32], (b, i) -> b[i] = (byte) i, (a, b) -> { });
    private static final byte[] NEW_KEY = IntStream.range(0, 32).collect(() -> new byte[32], (b, i) -> b[i] = (byte) (100 + i), (a, b) -> { });

    @Test
    void the_reencryption_job_moves_every_value_to_the_active_key_so_the_old_key_can_go() {
        MutableClock clock = MutableClock.standard();
        StoreBackend stored = InMemoryStores.backend(clock);
        TenantId tenant = TenantId.DEFAULT;
        EncryptingBackend before = EncryptingBackend.wrap(stored, Keyring.of("old", Map.of("old", OLD_KEY)));
        for (int i = 0; i < 5; i++) {
            before.tokens(tenant).putCredential(CredentialDraft.builder("user-" + i, "google", "access-" + i).build());
        }
        EncryptingBackend encryptingBackend = EncryptingBackend.wrap(stored,
                Keyring.of("new", Map.of("old", OLD_KEY, "new", NEW_KEY)));

        // README README.md
        Reencryption job = encryptingBackend.reencryption();
        Reencryption.Progress all = job.all(1_000);                 // every tenant the backend lists
        // or resumable, batch by batch (save progress.next() between runs):
        Reencryption.Progress progress = job.batch(tenant, null, 1_000);
        while (!progress.done()) progress = job.batch(tenant, progress.next(), 1_000);
        // END README

        assertThat(all.reencrypted()).isEqualTo(5);
        assertThat(progress.reencrypted()).isZero();
        EncryptingBackend onlyNewKey = EncryptingBackend.wrap(stored, Keyring.of("new", Map.of("new", NEW_KEY)));
        for (int i = 0; i < 5; i++) {
            assertThat(onlyNewKey.tokens(tenant).credential("user-" + i, "google").orElseThrow().accessToken())
                    .isEqualTo("access-" + i);
        }
        stored.close();
    }
}
