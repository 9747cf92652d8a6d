package dev.stowage.encryption;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fixed set of 256-bit AES keys by id, one of them active: the {@link KeyProvider} of the
 * {@code stowage.tokens.encryption.*} configuration. {@link #toString()} shows the key ids only.
 * <pre>{@code
 * stowage.tokens.encryption.active-key=k2
 * stowage.tokens.encryption.keys.k1=<base64 of 32 random bytes>   # kept until re-encrypted
 * stowage.tokens.encryption.keys.k2=<base64 of 32 random bytes>
 * }</pre>
 */
public final class Keyring implements KeyProvider {

    /** Longest key id. */
    public static final int MAX_KEY_ID_LENGTH = 32;
    /** The configuration key naming the active key. */
    public static final String ACTIVE_KEY = "stowage.tokens.encryption.active-key";
    /** The prefix of the configuration keys holding keys: {@code keys.<id>=<base64>}. */
    public static final String KEYS_PREFIX = "stowage.tokens.encryption.keys.";
    /** The configuration key naming a {@link KeyProvider} class instead of configured keys. */
    public static final String KEY_PROVIDER = "stowage.tokens.encryption.key-provider";

    private static final int KEY_BYTES = 32;

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;

    private Keyring(String activeKeyId, Map<String, SecretKey> keys) {
        this.activeKeyId = activeKeyId;
        this.keys = Map.copyOf(keys);
    }

    /**
     * @param activeKeyId the id of the key new values are encrypted with; one of {@code keys}
     * @param keys        raw 256-bit keys by id (copied)
     * @return the keyring
     * @throws StoreConfigurationException naming the key id (never the key) if an id or a key is
     *     malformed or the active key is missing
     */
    public static Keyring of(String activeKeyId, Map<String, byte[]> keys) {
        Map<String, SecretKey> checked = new TreeMap<>();
        keys.forEach((id, raw) -> {
            checkKeyId(id);
            if (raw == null || raw.length != KEY_BYTES) {
                throw new StoreConfigurationException("encryption key '" + id + "' must be 256 bits (32 bytes, 44"
                        + " base64 characters); generate one with: openssl rand -base64 32");
            }
            checked.put(id, new SecretKeySpec(raw.clone(), "AES"));
        });
        checkKeyId(activeKeyId);
        if (!checked.containsKey(activeKeyId)) {
            throw new StoreConfigurationException("the active encryption key '" + activeKeyId + "' is not in the keyring"
                    + " (keys: " + checked.keySet() + "); add " + KEYS_PREFIX + activeKeyId);
        }
        return new Keyring(activeKeyId, checked);
    }

    /**
     * Reads {@value #ACTIVE_KEY} and every {@code stowage.tokens.encryption.keys.<id>} (base64).
     *
     * @param config the configuration
     * @return the keyring, or empty if no encryption key is configured
     * @throws StoreConfigurationException naming the key id if the configuration cannot work
     */
    public static Optional<Keyring> fromConfig(StowageConfig config) {
        Map<String, byte[]> keys = new TreeMap<>();
        for (String name : config.keys()) {
            String id = keyIdOf(name);
            if (id != null) {
                try {
                    keys.put(id, Base64.getDecoder().decode(config.get(name).orElseThrow()));
                } catch (IllegalArgumentException e) {
                    throw new StoreConfigurationException("encryption key '" + id + "' (" + KEYS_PREFIX + id
                            + ") is not valid base64");
                }
            }
        }
        Optional<String> active = config.get(ACTIVE_KEY).map(id -> id.toLowerCase(Locale.ROOT));
        if (keys.isEmpty() && active.isEmpty()) {
            return Optional.empty();
        }
        if (active.isEmpty()) {
            throw new StoreConfigurationException("encryption keys " + keys.keySet() + " are configured but no active"
                    + " key: set " + ACTIVE_KEY + " to one of them");
        }
        return Optional.of(of(active.get(), keys));
    }

    /**
     * @param configKey a configuration key, matched relaxed
     * @return the key id if it is a {@code stowage.tokens.encryption.keys.<id>} key, else {@code null}
     */
    public static String keyIdOf(String configKey) {
        String canonicalPrefix = StowageConfig.canonical(KEYS_PREFIX);
        String canonical = StowageConfig.canonical(configKey);
        if (!canonical.startsWith(canonicalPrefix) || canonical.length() == canonicalPrefix.length()) {
            return null;
        }
        return canonical.substring(canonicalPrefix.length()).toLowerCase(Locale.ROOT);
    }

    /**
     * @param keyId a key id
     * @return it unchanged
     * @throws StoreConfigurationException unless it is 1..{@value #MAX_KEY_ID_LENGTH} lower-case
     *     ASCII letters and digits (so it survives relaxed configuration keys and environment variables)
     */
    public static String checkKeyId(String keyId) {
        if (keyId == null || !keyId.matches("[a-z0-9]{1," + MAX_KEY_ID_LENGTH + "}")) {
            throw new StoreConfigurationException("an encryption key id must be 1.." + MAX_KEY_ID_LENGTH
                    + " lower-case ASCII letters and digits, was '" + keyId + "'");
        }
        return keyId;
    }

    /**
     * @return the ids of the keys held, sorted
     */
    public Set<String> keyIds() {
        return new java.util.TreeSet<>(keys.keySet());
    }

    @Override
    public String activeKeyId() {
        return activeKeyId;
    }

    @Override
    public Optional<SecretKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public String toString() {
        return "Keyring[active=" + activeKeyId + ", keys=" + keyIds() + "]";
    }
}
