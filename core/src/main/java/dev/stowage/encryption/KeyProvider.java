package dev.stowage.encryption;

import javax.crypto.SecretKey;
import java.util.Optional;

/**
 * Where credential-encryption keys come from: the configured {@link Keyring}, or an
 * implementation backed by a key-management service. Implementations are thread-safe and never
 * print key material (in {@code toString}, messages or logs).
 * <p>
 * From configuration, {@code stowage.tokens.encryption.key-provider=<class name>} names an
 * implementation with a public constructor taking a {@link dev.stowage.StowageConfig} or none.
 */
public interface KeyProvider {

    /**
     * @return the id of the key new values are encrypted with; lower-case ASCII letters and
     *     digits, 1..{@value Keyring#MAX_KEY_ID_LENGTH} characters ({@link Keyring#checkKeyId})
     */
    String activeKeyId();

    /**
     * @param keyId the id stored with a value
     * @return the 256-bit AES key with that id, or empty if this provider does not know it
     */
    Optional<SecretKey> key(String keyId);
}
