package dev.stowage.encryption;

import dev.stowage.TenantId;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts and decrypts one credential secret with AES-256-GCM (the JDK's {@code javax.crypto}):
 * a random 96-bit nonce per value and a 128-bit tag. The stored form, the <em>envelope</em>, is
 * text that fits every backend's token column or field:
 * <pre>{@code stowage-enc:v1:<key id>:<base64url(nonce | ciphertext | tag)>}</pre>
 * The associated data binds the tenant, subject, provider, which secret it is (access or refresh
 * token) and the key id, so a value copied to another row, another field or relabelled with
 * another key id does not decrypt. Thread-safe.
 */
public final class SecretCipher {

    /** What every envelope starts with; a stored value without it is a secret stored in clear. */
    public static final String ENVELOPE_PREFIX = "stowage-enc:v1:";

    /**
     * Longest envelope of a secret of at most {@link dev.stowage.token.CredentialDraft#MAX_TOKEN_LENGTH}
     * characters: 3 UTF-8 bytes a character at most, base64, plus prefix, key id, nonce and tag.
     */
    public static final int MAX_ENVELOPE_LENGTH = 33_000;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "stowage credential secret v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyProvider keys;

    /**
     * @param keys where the keys come from
     */
    public SecretCipher(KeyProvider keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * @return the key provider
     */
    public KeyProvider keys() {
        return keys;
    }

    /**
     * @param value a stored value
     * @return whether it is an envelope (encrypted), rather than a secret stored in clear
     */
    public static boolean isEnvelope(String value) {
        return value != null && value.startsWith(ENVELOPE_PREFIX);
    }

    /**
     * @param value a stored value
     * @return the id of the key it is encrypted with, or {@code null} if it is stored in clear
     */
    public static String keyIdOf(String value) {
        if (!isEnvelope(value)) {
            return null;
        }
        int end = value.indexOf(':', ENVELOPE_PREFIX.length());
        return end < 0 ? "" : value.substring(ENVELOPE_PREFIX.length(), end);
    }

    /**
     * @param binding   the row and field the value belongs to
     * @param plaintext the secret
     * @return its envelope under the active key
     */
    public String encrypt(Binding binding, String plaintext) {
        String keyId = keys.activeKeyId();
        SecretKey key = keys.key(keyId).orElseThrow(() -> new StoreConfigurationException("the active encryption key '"
                + keyId + "' is not known to the key provider"));
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(binding.associatedData(keyId));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] body = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return ENVELOPE_PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
        } catch (GeneralSecurityException e) {
            throw new StoreException("encrypting a credential secret with key '" + keyId + "' failed: "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * @param binding the row and field the value was read from
     * @param stored  the stored value: an envelope, or a secret stored in clear (before
     *                encryption was turned on), returned unchanged
     * @return the secret
     * @throws StoreException naming the key id (never the key or the value) if the key is not
     *     known, or the value was altered or belongs to another row or field; nothing partial
     *     is ever returned
     */
    public String decrypt(Binding binding, String stored) {
        if (!isEnvelope(stored)) {
            return stored;
        }
        String keyId = keyIdOf(stored);
        SecretKey key = keys.key(keyId).orElseThrow(() -> new StoreException("a " + binding.field() + " of provider '"
                + binding.provider() + "' is encrypted with key '" + keyId + "', which the key provider does not hold"
                + " (active key '" + keys.activeKeyId() + "'): configure that key again until the re-encryption job"
                + " has moved every value to the active key"));
        try {
            byte[] body = Base64.getUrlDecoder().decode(stored.substring(ENVELOPE_PREFIX.length() + keyId.length() + 1));
            if (body.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new AEADBadTagException("too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, body, 0, NONCE_BYTES));
            cipher.updateAAD(binding.associatedData(keyId));
            byte[] plain = cipher.doFinal(body, NONCE_BYTES, body.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new StoreException("a " + binding.field() + " of provider '" + binding.provider()
                    + "' does not decrypt with key '" + keyId + "': the stored value was altered, or was moved from"
                    + " another tenant, subject, provider or field, or the key with that id is not the one it was"
                    + " encrypted with");
        }
    }

    /**
     * Which row and field a secret belongs to: bound into its ciphertext as associated data.
     *
     * @param tenant   the tenant
     * @param subject  the credential's subject
     * @param provider the credential's provider
     * @param field    {@code accessToken} or {@code refreshToken}
     */
    public record Binding(TenantId tenant, String subject, String provider, String field) {

        /** @throws NullPointerException if a component is missing */
        public Binding {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(field, "field");
        }

        byte[] associatedData(String keyId) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(CONTEXT);
            for (String part : new String[] {tenant.value(), subject, provider, field, keyId}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
                out.writeBytes(bytes);
            }
            return out.toByteArray();
        }
    }
}
