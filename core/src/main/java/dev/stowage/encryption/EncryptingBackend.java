package dev.stowage.encryption;

import dev.stowage.TenantErasure;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend whose token stores encrypt credential secrets at rest; contacts and credits pass
 * through. {@link dev.stowage.Stowage#open} applies it when {@code stowage.tokens.encryption.*}
 * is configured; with a builder, wrap the built backend:
 * <pre>{@code
 * StoreBackend backend = EncryptingBackend.wrap(PostgresStores.builder(url).buildBackend(),
 *         Keyring.of("k1", Map.of("k1", key)));
 * }</pre>
 * Put the caching decorator over this one, never under it, so the cache sees the secrets the
 * application sees. {@link #reencryption()} moves stored values to the active key.
 */
public final class EncryptingBackend implements StoreBackend {

    private final StoreBackend stored;
    private final SecretCipher cipher;

    private EncryptingBackend(StoreBackend stored, SecretCipher cipher) {
        this.stored = stored;
        this.cipher = cipher;
    }

    /**
     * @param backend the backend that stores the envelopes; closed by {@link #close()}
     * @param keys    the encryption keys
     * @return the encrypting backend
     */
    public static EncryptingBackend wrap(StoreBackend backend, KeyProvider keys) {
        return new EncryptingBackend(Objects.requireNonNull(backend, "backend"), new SecretCipher(keys));
    }

    /**
     * @return the backend below, which holds the envelopes (for inspection and tools)
     */
    public StoreBackend stored() {
        return stored;
    }

    /**
     * @return the cipher and its keys
     */
    public SecretCipher cipher() {
        return cipher;
    }

    /**
     * @return the job that re-encrypts stored values under the active key
     */
    public Reencryption reencryption() {
        return new Reencryption(this);
    }

    EncryptingTokenStore encryptingTokens(TenantId tenant) {
        return new EncryptingTokenStore(stored.tokens(tenant), tenant, cipher);
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        return stored.contacts(tenant);
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        return stored.credits(tenant);
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        return encryptingTokens(tenant);
    }

    @Override
    public List<TenantId> tenants() {
        return stored.tenants();
    }

    @Override
    public TenantErasure eraseTenant(TenantId tenant) {
        return stored.eraseTenant(tenant);
    }

    /** Looks at this backend, then at the one that stores the envelopes. */
    @Override
    public <T extends StoreBackend> Optional<T> unwrap(Class<T> type) {
        return StoreBackend.super.unwrap(type).or(() -> stored.unwrap(type));
    }

    @Override
    public void close() {
        stored.close();
    }

    @Override
    public String toString() {
        return "EncryptingBackend[active key=" + cipher.keys().activeKeyId() + ", over " + stored.name() + "]";
    }
}
