package dev.stowage.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from {@code dev/stowage/redis/lua/}, run with {@code EVALSHA} (falling back to
 * {@code EVAL}, which also loads it, when the server does not know it yet).
 * <p>
 * Every script starts with {@code lib.lua}. A <em>write</em> script's body is wrapped so that it
 * runs at most once per call: {@code KEYS[1]} is a fresh operation key and {@code ARGV[1]} its
 * lifetime in milliseconds. The script stores its reply there, and a second execution of the same
 * command (Lettuce re-sends commands that were in flight when a connection dropped) returns the
 * stored reply instead of applying the change again. A lifetime of {@code 0} skips that, for a
 * call whose own arguments already make a second execution return what the first would have (a
 * posting under an idempotency key). Replies are flat arrays of strings.
 */
final class Script {

    private static final String LIBRARY = load("lib");
    private static final String WRITE_WRAPPER_START = "local function apply()\n";
    private static final String WRITE_WRAPPER_END = """

            end
            if ARGV[1] == '0' then
              return apply()
            end
            local prior = redis.call('GET', KEYS[1])
            if prior then
              return cjson.decode(prior)
            end
            local reply = apply()
            redis.call('SET', KEYS[1], cjson.encode(reply), 'PX', ARGV[1])
            return reply
            """;

    private final String name;
    private final String source;
    private final String sha;
    private final boolean write;

    private Script(String name, String source, boolean write) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
        this.write = write;
    }

    /**
     * @param name the file name without {@code .lua}
     * @return a script that reads (and at most prunes index entries of expired items)
     */
    static Script read(String name) {
        return new Script(name, LIBRARY + load(name), false);
    }

    /**
     * @param name the file name without {@code .lua}
     * @return a write script, applied at most once per call
     */
    static Script write(String name) {
        return new Script(name, LIBRARY + WRITE_WRAPPER_START + load(name) + WRITE_WRAPPER_END, true);
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    String sha() {
        return sha;
    }

    boolean isWrite() {
        return write;
    }

    private static String load(String name) {
        String path = "lua/" + name + ".lua";
        try (InputStream in = Script.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/stowage/redis/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "script " + name;
    }
}
