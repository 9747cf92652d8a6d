package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.exception.ConflictException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one tenant's stores share: the driver, the tenant's keys, the clock, how long a write
 * script remembers its reply (see {@link Script}), and what registers the tenant before it writes.
 *
 * @param driver              the connection
 * @param keys                the tenant's key layout
 * @param clock               the source of every timestamp and expiry decision
 * @param operationTtlMillis  how long a write's reply is kept to answer a replayed command
 * @param beforeWrite         runs before every write script ({@link TenantRegistry#register})
 */
record TenantContext(RedisDriver driver, Keys keys, Clock clock, long operationTtlMillis, Runnable beforeWrite) {

    /** How often a compare-and-set write is retried when other writers keep changing its record. */
    static final int MAX_ATTEMPTS = 64;

    TenantContext(RedisDriver driver, String prefix, TenantId tenant, KeyHasher hasher, Clock clock,
                  long operationTtlMillis, TenantRegistry registry) {
        this(driver, new Keys(prefix, tenant, hasher), clock, operationTtlMillis, () -> registry.register(tenant));
    }

    /**
     * Runs a write script, adding its operation key and lifetime in front of the keys and arguments.
     *
     * @param script a write script
     * @param keys   its other keys
     * @param args   its other arguments
     * @return its reply
     */
    List<Object> write(Script script, List<String> keys, List<String> args) {
        return write(script, keys, args, Long.toString(operationTtlMillis));
    }

    /**
     * Runs a write script whose own arguments make a re-sent command harmless (a posting under an
     * idempotency key: a second execution finds the key and replies with the first one's entry),
     * without the operation key's extra read and write.
     *
     * @param script a write script
     * @param keys   its other keys
     * @param args   its other arguments
     * @return its reply
     */
    List<Object> writeIdempotent(Script script, List<String> keys, List<String> args) {
        return write(script, keys, args, "0");
    }

    private List<Object> write(Script script, List<String> keys, List<String> args, String operationLifetime) {
        beforeWrite.run();
        List<String> allKeys = new ArrayList<>(keys.size() + 1);
        allKeys.add(keys().operation(UUID.randomUUID()));
        allKeys.addAll(keys);
        List<String> allArgs = new ArrayList<>(args.size() + 1);
        allArgs.add(operationLifetime);
        allArgs.addAll(args);
        return driver.run(script, allKeys, allArgs);
    }

    /**
     * Runs a read script.
     *
     * @param script a read script
     * @param keys   its keys
     * @param args   its arguments
     * @return its reply
     */
    List<Object> read(Script script, List<String> keys, List<String> args) {
        return driver.run(script, keys, args);
    }

    /**
     * @param what the record that kept changing
     * @return the error for a compare-and-set write that lost {@link #MAX_ATTEMPTS} races in a row
     */
    static ConflictException contended(String what) {
        return new ConflictException(ConflictException.Reason.VERSION_MISMATCH,
                what + " kept changing under concurrent writes; nothing was written. Retry the call");
    }

    /**
     * @param reply a script reply
     * @param index a position
     * @return the element as text
     */
    static String text(List<Object> reply, int index) {
        Object value = reply.get(index);
        return value == null ? null : value.toString();
    }
}
