package dev.stowage.spi.invalidation;

import dev.stowage.TenantId;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one instance tells the others after a write: "these keys of this tenant are stale", or
 * "everything is stale" (a flush). Encoded on the wire by {@link InvalidationCodec}.
 *
 * @param origin the node id of the instance that wrote (instances ignore their own messages)
 * @param tenant the tenant whose keys are stale, or {@code null} for a flush of everything
 * @param keys   the stale keys; empty for a flush
 */
public record Invalidation(String origin, TenantId tenant, List<InvalidationKey> keys) {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * @throws IllegalArgumentException if the origin is not a node id, or a tenant's message has
     *     no keys, or a flush has keys
     */
    public Invalidation {
        requireNodeId(origin);
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        if (tenant == null && !keys.isEmpty()) {
            throw new IllegalArgumentException("a flush of everything names no keys");
        }
        if (tenant != null && keys.isEmpty()) {
            throw new IllegalArgumentException("an invalidation of tenant " + tenant + " must name at least one key");
        }
    }

    /**
     * @param origin the writer's node id
     * @param tenant the tenant
     * @param keys   its stale keys, at least one
     * @return the invalidation
     */
    public static Invalidation of(String origin, TenantId tenant, List<InvalidationKey> keys) {
        return new Invalidation(origin, Objects.requireNonNull(tenant, "tenant"), keys);
    }

    /**
     * @param origin the sender's node id
     * @return an invalidation of every entry of every tenant
     */
    public static Invalidation everything(String origin) {
        return new Invalidation(origin, null, List.of());
    }

    /**
     * @return whether this flushes every entry rather than naming keys
     */
    public boolean isEverything() {
        return tenant == null;
    }

    /**
     * @param nodeId a candidate node id
     * @return the id unchanged
     * @throws IllegalArgumentException unless it is 1..64 ASCII letters, digits, '.', '_' or '-',
     *     starting with a letter or digit
     */
    public static String requireNodeId(String nodeId) {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("a node id must be 1 to 64 ASCII letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, was '" + nodeId + "'");
        }
        return nodeId;
    }
}
