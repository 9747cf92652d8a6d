package dev.stowage.migration.legacy;

import dev.stowage.support.Check;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic ids for legacy records: RFC 4122 name-based UUIDs, version 5 (SHA-1), so the same
 * legacy record gets the same id on every run and in every process, with nothing to look up.
 *
 * <p>The rule, reproducible in any language (Python: {@code uuid.uuid5}):
 * <ol>
 *   <li>the run's namespace is {@code uuid5(ROOT, name)}, where {@link #ROOT} is
 *       {@code uuid5(NAMESPACE_URL, "https://stowage.dev/migration/legacy")} and {@code name} the
 *       mapping's namespace name (default: the run id);</li>
 *   <li>a collection's namespace is {@code uuid5(runNamespace, collection)};</li>
 *   <li>a record's id is {@code uuid5(collectionNamespace, legacyId)}.</li>
 * </ol>
 * Names are hashed as UTF-8. Nesting the namespaces needs no separator, so no collection name or
 * legacy id can make two records collide.
 */
public final class LegacyIds {

    /** RFC 4122's namespace for URLs, {@code 6ba7b811-9dad-11d1-80b4-00c04fd430c8}. */
    public static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
    /** The root of every Stowage legacy namespace: {@code uuid5(NAMESPACE_URL, "https://stowage.dev/migration/legacy")}. */
    public static final UUID ROOT = uuid5(NAMESPACE_URL, "https://stowage.dev/migration/legacy");

    private LegacyIds() {
    }

    /**
     * @param name the namespace's name, for example the run id or {@code "crm-2019"}
     * @return {@code uuid5(ROOT, name)}
     */
    public static UUID namespace(String name) {
        return uuid5(ROOT, Check.requiredText(name, "namespace", 200));
    }

    /**
     * @param namespace  the run's namespace
     * @param collection a source collection
     * @param legacyId   the record's id in the source
     * @return the record's id: {@code uuid5(uuid5(namespace, collection), legacyId)}
     */
    public static UUID id(UUID namespace, String collection, String legacyId) {
        return uuid5(uuid5(namespace, collection), legacyId);
    }

    /**
     * @param namespace a namespace
     * @param name      a name, hashed as UTF-8
     * @return the RFC 4122 version 5 (SHA-1, name-based) UUID of the name in the namespace
     */
    public static UUID uuid5(UUID namespace, String name) {
        Check.required(namespace, "namespace");
        Check.required(name, "name");
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
        ByteBuffer prefix = ByteBuffer.allocate(16);
        prefix.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(prefix.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
