package dev.stowage.token;

import dev.stowage.support.Check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Refresh-token values and their hashes, shared by every backend: a value is 32 random bytes
 * from {@link SecureRandom}, base64url-encoded (43 characters); the store keeps the SHA-256 of
 * the value, base64url-encoded. A random 256-bit value needs no salt or slow hash.
 */
public final class RefreshTokens {

    /** Longest value a caller may present; longer input is rejected before hashing. */
    public static final int MAX_PRESENTED_LENGTH = 512;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RefreshTokens() {
    }

    /**
     * @return a new random token value
     */
    public static String newValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param presented a token value as presented by a client
     * @return its hash, the only form a store keeps
     * @throws dev.stowage.exception.ValidationException {@code field "token"} if it is blank or too long
     */
    public static String hash(String presented) {
        Check.requiredText(presented, "token", MAX_PRESENTED_LENGTH);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
