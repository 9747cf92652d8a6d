package dev.stowage.migration.checkpoint;

import dev.stowage.support.Check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The configuration a run was started with: a readable description and its SHA-256. A run is
 * resumed only with the same fingerprint, as Flyway refuses a changed migration's checksum.
 *
 * @param hash        lower-case hex SHA-256 of the description
 * @param description the configuration as text, shown when a resume is refused
 */
public record RunFingerprint(String hash, String description) {

    /**
     * @throws dev.stowage.exception.ValidationException if a part is missing
     */
    public RunFingerprint {
        Check.required(hash, "hash");
        Check.required(description, "description");
    }

    /**
     * @param description the configuration as canonical text
     * @return its fingerprint
     */
    public static RunFingerprint of(String description) {
        Check.required(description, "description");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
            return new RunFingerprint(HexFormat.of().formatHex(digest), description);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * @param other another fingerprint
     * @return whether both describe the same configuration
     */
    public boolean matches(RunFingerprint other) {
        return hash.equals(other.hash);
    }
}
