package dev.stowage.redis;

import dev.stowage.exception.StoreConfigurationException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The keyed hash that replaces personal values (contact emails) in Redis key names:
 * HMAC-SHA-256 with a per-deployment secret, as 43 characters of unpadded base64url. Equal values
 * give equal names, so lookups still find their index key; the value cannot be read back from the
 * name. Collisions are negligible: with 2^256 outputs, even 2^64 distinct values collide with a
 * probability below 2^-128. Thread-safe.
 * <p>
 * Without a configured secret the key is derived from the key prefix: the names then carry no
 * value in clear, but anyone who knows the prefix (it is in every key name) can test guesses of a
 * value (a dictionary of emails). Configure a secret ({@link RedisStores.Builder#keyHashSecret})
 * to prevent that.
 */
final class KeyHasher {

    /** Shortest accepted secret: 32 bytes, the HMAC-SHA-256 block-security level. */
    static final int MIN_SECRET_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    /**
     * Initialized with the key once; each hash works on a clone of it, which skips the provider
     * lookup and the key schedule that {@code Mac.getInstance} and {@code init} cost every call
     * (several hashes per contact written, one per posting).
     */
    private final Mac prototype;

    private KeyHasher(byte[] secret) {
        try {
            this.prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no " + ALGORITHM, e);
        }
    }

    /**
     * @param secret the deployment's secret, at least {@value #MIN_SECRET_BYTES} bytes
     * @return the hasher
     */
    static KeyHasher withSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new StoreConfigurationException("the Redis key-hash secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (base64 of 32 random bytes, e.g. from `openssl rand -base64 32`)");
        }
        return new KeyHasher(secret.clone());
    }

    /**
     * @param prefix the key prefix
     * @return the default hasher of a prefix without a configured secret (see the class comment)
     */
    static KeyHasher forPrefix(String prefix) {
        return new KeyHasher(("stowage-redis-key-names:" + prefix).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param value a personal value
     * @return its keyed hash, 43 characters of {@code [A-Za-z0-9_-]}
     */
    String hash(String value) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's " + ALGORITHM + " cannot be cloned", e);
        }
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return URL_SAFE.encodeToString(digest);
    }

    @Override
    public String toString() {
        return "KeyHasher[HMAC-SHA-256]";
    }
}
