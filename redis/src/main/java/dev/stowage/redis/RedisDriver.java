package dev.stowage.redis;

import java.util.List;
import java.util.Map;

/**
 * The few Redis operations the stores use, the same for a standalone server and a Cluster.
 * Implementations translate every driver failure into a {@link dev.stowage.exception.StoreException}
 * and throw {@link dev.stowage.exception.StoreClosedException} once closed. Thread-safe.
 */
interface RedisDriver extends AutoCloseable {

    /**
     * Runs a script. For a write script the caller passes the operation key as the first key and
     * its lifetime as the first argument (see {@link Script}).
     *
     * @param script the script
     * @param keys   the keys it touches; all in one slot
     * @param args   its arguments
     * @return its reply: a list of strings (and small integers)
     */
    List<Object> run(Script script, List<String> keys, List<String> args);

    /** @param key a key @return its string value, or {@code null} */
    String get(String key);

    /** @param keys keys of one slot @return their values in order, {@code null} for missing ones */
    List<String> mget(List<String> keys);

    /** @param key a hash @param field a field @return the value, or {@code null} */
    String hget(String key, String field);

    /** @param key a hash @param fields fields @return their values in order, {@code null} for missing ones */
    List<String> hmget(String key, List<String> fields);

    /** @param key a hash @return every field, empty if the key is missing */
    Map<String, String> hgetall(String key);

    /**
     * @param key   a sorted set whose members all have the same score
     * @param min   a ZRANGEBYLEX bound ({@code -}, {@code [x} or {@code (x})
     * @param max   a ZRANGEBYLEX bound ({@code +}, {@code [x} or {@code (x})
     * @param limit at most this many
     * @return the members in lexicographic order
     */
    List<String> zrangeByLex(String key, String min, String max, int limit);

    /** @param key a set @param member a member to add */
    void sadd(String key, String member);

    /** @param key a set @return its members, empty if the key is missing */
    java.util.Set<String> smembers(String key);

    /** @param key a sorted set @return its size */
    long zcard(String key);

    /** @param key a set @return its size */
    long scard(String key);

    /** @return the configured command timeout's holder and the servers, for messages */
    String endpoint();

    /** Releases the connection, and the client if the driver created it. Idempotent. */
    @Override
    void close();
}
