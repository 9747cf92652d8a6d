package dev.stowage.token;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * How a store hashes refresh-token values: SHA-256 ({@link RefreshTokens#hash}, the default), or
 * HMAC-SHA-256 with a server key, so a leaked table of hashes cannot even be checked against a
 * guessed value without the key. Both give 43 base64url characters
 * ({@link RefreshTokenState#HASH_LENGTH}). With a key, tokens issued before it was configured
 * (stored as SHA-256) are still found: lookups try the HMAC first, then SHA-256, and their
 * successors are stored as HMACs, so a family moves over at its next rotation. Thread-safe;
 * {@link #toString()} never shows the key.
 */
public final class RefreshTokenHasher {

    /** The configuration key of the server key: base64, at least 32 bytes. */
    public static final String KEY = "stowage.tokens.refresh-hash-key";

    private static final RefreshTokenHasher SHA_256 = new RefreshTokenHasher(null);

    private final SecretKeySpec key;

    private RefreshTokenHasher(SecretKeySpec key) {
        this.key = key;
    }

    /**
     * @return plain SHA-256, the default
     */
    public static RefreshTokenHasher sha256() {
        return SHA_256;
    }

    /**
     * @param key the server key, at least 32 bytes (copied)
     * @return HMAC-SHA-256 with that key, falling back to SHA-256 for older tokens
     * @throws StoreConfigurationException if the key is shorter than 32 bytes
     */
    public static RefreshTokenHasher hmacSha256(byte[] key) {
        if (key == null || key.length < 32) {
            throw new StoreConfigurationException(KEY + " must be at least 256 bits (32 bytes, 44 base64"
                    + " characters); generate one with: openssl rand -base64 32");
        }
        return new RefreshTokenHasher(new SecretKeySpec(key.clone(), "HmacSHA256"));
    }

    /**
     * @param config a configuration
     * @return HMAC with {@value #KEY} if it is set, else SHA-256
     * @throws StoreConfigurationException naming the key (never its value) if it is not valid base64 or too short
     */
    public static RefreshTokenHasher fromConfig(StowageConfig config) {
        Optional<String> encoded = config.get(KEY);
        if (encoded.isEmpty()) {
            return SHA_256;
        }
        try {
            return hmacSha256(Base64.getDecoder().decode(encoded.get()));
        } catch (IllegalArgumentException e) {
            throw new StoreConfigurationException(KEY + " is not valid base64");
        }
    }

    /**
     * @param value a token value (checked by the caller)
     * @return the hash a store keeps for a token issued now
     */
    public String hash(String value) {
        if (key == null) {
            return RefreshTokens.hash(value);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /**
     * @param value a token value (checked by the caller)
     * @return the plain SHA-256 a token issued before the key was configured is stored under,
     *     or empty without a key (then {@link #hash} is that already)
     */
    public Optional<String> legacyHash(String value) {
        return key == null ? Optional.empty() : Optional.of(RefreshTokens.hash(value));
    }

    @Override
    public String toString() {
        return key == null ? "RefreshTokenHasher[SHA-256]" : "RefreshTokenHasher[HMAC-SHA-256, key=***]";
    }
}
