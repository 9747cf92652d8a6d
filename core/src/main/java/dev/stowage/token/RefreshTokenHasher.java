package dev.stowage.token;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * How a store hashes refresh-token values: SHA-256 ({@link RefreshTokens#hash}, the default), or
 * HMAC-SHA-256 with a server key, so a leaked table of hashes cannot even be checked against a
 * guessed value without the key. Both give 43 base64url characters
 * ({@link RefreshTokenState#HASH_LENGTH}). With a key, tokens issued before it was configured
 * (stored as SHA-256) are still found: lookups try the HMAC first, then SHA-256, and their
 * successors are stored as HMACs, so a family moves over at its next rotation.
 * <p>
 * <b>Grace period</b> ({@link #withGracePeriod}, {@value #GRACE_PERIOD_KEY}, off by default): the
 * same client presenting a token it has just rotated again, within the interval, gets the same
 * successor instead of a family revocation (two browser tabs refreshing at once). Stores keep
 * only hashes, so to hand out "the same successor" again it must be re-created: a rotation that
 * names its client derives the successor's value from the presented value and the client id with
 * an HMAC under a key derived from the server key ({@link #successorValue}), rather than drawing
 * it at random. A replay by the same client derives the same value, whose hash the store finds;
 * another client derives another value, which the store does not hold, so its replay is reuse.
 * This was chosen over keeping each successor's value encrypted beside the used token because it
 * stores nothing new (no secret at rest, no column or field to expire, the same on every backend)
 * and needs no encryption keyring; the cost is that the grace period requires the server key
 * (a successor derived under a public key could be computed by anyone holding the used token).
 * Without a client id, or with the grace period off, successors stay random. Thread-safe;
 * {@link #toString()} never shows the key.
 */
public final class RefreshTokenHasher {

    /** The configuration key of the server key: base64, at least 32 bytes. */
    public static final String KEY = "stowage.tokens.refresh-hash-key";

    /**
     * The configuration key of the grace period (a duration such as {@code 10s}; default
     * {@code 0s}, off); it requires {@value #KEY}.
     */
    public static final String GRACE_PERIOD_KEY = "stowage.tokens.refresh-grace-period";

    /** Longest grace period: a replay window is also a window for a thief of the same client. */
    public static final Duration MAX_GRACE_PERIOD = Duration.ofMinutes(5);

    private static final RefreshTokenHasher SHA_256 = new RefreshTokenHasher(null, null, Duration.ZERO);

    /** Domain separation: the successor key is never the hash key itself. */
    private static final byte[] SUCCESSOR_KEY_LABEL = "stowage refresh-token grace successor v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final SecretKeySpec successorKey;
    private final Duration gracePeriod;

    private RefreshTokenHasher(SecretKeySpec key, SecretKeySpec successorKey, Duration gracePeriod) {
        this.key = key;
        this.successorKey = successorKey;
        this.gracePeriod = gracePeriod;
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
        SecretKeySpec hashKey = new SecretKeySpec(key.clone(), "HmacSHA256");
        SecretKeySpec successorKey = new SecretKeySpec(hmac(hashKey, SUCCESSOR_KEY_LABEL), "HmacSHA256");
        return new RefreshTokenHasher(hashKey, successorKey, Duration.ZERO);
    }

    /**
     * @param period how long after a rotation the same client may present the rotated token again
     *               and get the same successor; {@link Duration#ZERO} turns the grace period off
     * @return this hasher with that grace period
     * @throws StoreConfigurationException naming {@value #GRACE_PERIOD_KEY} if the period is
     *     negative or longer than {@link #MAX_GRACE_PERIOD}, or if a positive period is asked of
     *     a hasher without a server key
     */
    public RefreshTokenHasher withGracePeriod(Duration period) {
        if (period == null || period.isNegative() || period.compareTo(MAX_GRACE_PERIOD) > 0) {
            throw new StoreConfigurationException(GRACE_PERIOD_KEY + " must be between 0s (off) and "
                    + MAX_GRACE_PERIOD.toSeconds() + "s");
        }
        if (!period.isZero() && key == null) {
            throw new StoreConfigurationException(GRACE_PERIOD_KEY + " needs a server key: set " + KEY
                    + " (the successor of a rotation is derived with it, so it must be secret)");
        }
        return new RefreshTokenHasher(key, successorKey, period);
    }

    /**
     * @return the grace period; {@link Duration#ZERO} when it is off (the default)
     */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    /**
     * The successor a rotation by {@code clientId} of the token {@code presented} hands out while
     * the grace period is on: HMAC-SHA-256, under a key derived from the server key, of the client
     * id and the presented value (length-prefixed, so no two pairs collide), base64url like a
     * random value. Deterministic, so a replay by the same client re-creates it; unpredictable
     * without the server key.
     *
     * @param presented the presented token value (checked by the caller)
     * @param clientId  the client presenting it (checked by the caller)
     * @return the successor's value, or empty when the grace period is off
     */
    public Optional<String> successorValue(String presented, String clientId) {
        if (gracePeriod.isZero()) {
            return Optional.empty();
        }
        String input = clientId.length() + ":" + clientId + presented;
        return Optional.of(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac(successorKey, input.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * @param config a configuration
     * @return HMAC with {@value #KEY} if it is set, else SHA-256; with the grace period of
     *     {@value #GRACE_PERIOD_KEY} (default off)
     * @throws StoreConfigurationException naming the key (never its value) if it is not valid
     *     base64 or too short, or naming {@value #GRACE_PERIOD_KEY} if the grace period is invalid or
     *     set without the key
     */
    public static RefreshTokenHasher fromConfig(StowageConfig config) {
        Duration grace = config.getDuration(GRACE_PERIOD_KEY, Duration.ZERO);
        Optional<String> encoded = config.get(KEY);
        if (encoded.isEmpty()) {
            return SHA_256.withGracePeriod(grace);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded.get());
        } catch (IllegalArgumentException e) {
            throw new StoreConfigurationException(KEY + " is not valid base64");
        }
        return hmacSha256(decoded).withGracePeriod(grace);
    }

    /**
     * @param value a token value (checked by the caller)
     * @return the hash a store keeps for a token issued now
     */
    public String hash(String value) {
        if (key == null) {
            return RefreshTokens.hash(value);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input);
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
        String grace = gracePeriod.isZero() ? "" : ", gracePeriod=" + gracePeriod;
        return (key == null ? "RefreshTokenHasher[SHA-256" : "RefreshTokenHasher[HMAC-SHA-256, key=***") + grace + "]";
    }
}
