package dev.stowage.migration.source.kv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.source.SourceRecord;
import dev.stowage.migration.source.UnreadableRecord;
import dev.stowage.migration.source.jsonl.ExtendedJson;
import dev.stowage.support.Check;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Redis (standalone) key patterns as collections, read with {@code SCAN … MATCH <prefix>* COUNT n}
 * and values fetched in one pipeline per batch: JSON strings ({@code GET}) or hashes
 * ({@code HGETALL}), as each {@link KeyPattern} declares. Hash fields stay the strings Redis holds.
 *
 * <p>A position is the SCAN cursor plus the keys of the current SCAN page not yet returned, so a
 * resumed read continues exactly; SCAN's guarantee (every key present for the whole scan is
 * returned at least once) carries over to the records. SCAN may return a key twice: within a batch
 * it is returned once, across batches it may come again, which the engine's deterministic ids
 * make harmless. A key that vanished between SCAN and the read is skipped; a key of the wrong
 * type or with a value that is not one JSON object is an {@link UnreadableRecord}.
 *
 * <p>Redis Cluster is not supported (SCAN is per node).
 */
public final class KeyPatternSource implements RecordSource {

    /** The SCAN COUNT hint used unless configured. */
    public static final int DEFAULT_SCAN_COUNT = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DONE = "0";

    private final Map<String, KeyPattern> patterns;
    private final List<String> collections;
    private final String name;
    private final int scanCount;
    private final Duration timeout;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;

    private KeyPatternSource(Builder builder) {
        this.patterns = new LinkedHashMap<>();
        for (KeyPattern pattern : builder.patterns) {
            if (patterns.putIfAbsent(pattern.collection(), pattern) != null) {
                throw new ValidationException("patterns", "duplicate", "the prefix " + pattern.prefix() + " is given twice");
            }
        }
        this.collections = List.copyOf(patterns.keySet());
        this.scanCount = builder.scanCount;
        this.timeout = builder.timeout;
        RedisURI uri = builder.uri;
        uri.setTimeout(timeout);
        this.name = "redis:" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        this.client = RedisClient.create(uri);
        try {
            this.connection = client.connect(StringCodec.UTF8);
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw new StoreUnavailableException("cannot connect to " + name + " for the key-pattern source: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * @param redisUri a Redis URI such as {@code redis://host:6379/0} (a password in it stays out of names and messages)
     * @return a builder
     */
    public static Builder builder(String redisUri) {
        return new Builder(redisUri);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> collections() {
        return collections;
    }

    @Override
    public RecordBatch read(String collection, String afterPosition, int limit) {
        KeyPattern pattern = pattern(collection);
        Check.range(limit, "limit", 1, Integer.MAX_VALUE);
        if (closed) {
            throw new StoreClosedException("the key-pattern source " + name + " is closed");
        }
        ScanState state = afterPosition == null ? new ScanState(null, new ArrayDeque<>()) : ScanState.parse(afterPosition);
        RedisAsyncCommands<String, String> redis = connection.async();
        Set<String> keys = new LinkedHashSet<>();
        ScanArgs match = ScanArgs.Builder.matches(glob(pattern.prefix())).limit(scanCount);
        while (keys.size() < limit) {
            if (!state.pending.isEmpty()) {
                keys.add(pattern.prefix() + state.pending.poll());
            } else if (DONE.equals(state.cursor)) {
                break;
            } else {
                ScanCursor from = state.cursor == null ? ScanCursor.INITIAL : ScanCursor.of(state.cursor);
                KeyScanCursor<String> page = await(redis.scan(from, match));
                state = new ScanState(page.isFinished() ? DONE : page.getCursor(), state.pending);
                for (String key : page.getKeys()) {
                    if (key.startsWith(pattern.prefix()) && !keys.contains(key)) {
                        state.pending.add(key.substring(pattern.prefix().length()));
                    }
                }
            }
        }
        List<SourceRecord> records = new ArrayList<>(keys.size());
        List<UnreadableRecord> unreadable = new ArrayList<>();
        fetch(redis, pattern, collection, List.copyOf(keys), records, unreadable);
        String next = state.pending.isEmpty() && DONE.equals(state.cursor) ? null : state.format();
        return new RecordBatch(records, unreadable, next);
    }

    private void fetch(RedisAsyncCommands<String, String> redis, KeyPattern pattern, String collection, List<String> keys,
                       List<SourceRecord> records, List<UnreadableRecord> unreadable) {
        List<RedisFuture<?>> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            values.add(pattern.shape() == KeyPattern.ValueShape.HASH ? redis.hgetall(key) : redis.get(key));
        }
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String legacyId = key.substring(pattern.prefix().length());
            String location = "key " + key;
            Object value;
            try {
                value = await(values.get(i));
            } catch (WrongType e) {
                unreadable.add(new UnreadableRecord(collection, location, "the key does not hold a "
                        + (pattern.shape() == KeyPattern.ValueShape.HASH ? "hash" : "string"), "(" + e.getMessage() + ")"));
                continue;
            }
            if (value == null || (value instanceof Map<?, ?> map && map.isEmpty())) {
                continue; // Deleted since SCAN returned it: not a record any more.
            }
            if (legacyId.isBlank()) {
                unreadable.add(new UnreadableRecord(collection, location, "the key has nothing after the prefix to use as id",
                        raw(value)));
                continue;
            }
            if (value instanceof Map<?, ?> hash) {
                Map<String, Object> fields = new LinkedHashMap<>();
                hash.forEach((field, text) -> fields.put((String) field, text));
                records.add(new SourceRecord(collection, legacyId, fields, raw(value)));
            } else {
                String text = (String) value;
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                try {
                    records.add(new SourceRecord(collection, legacyId, ExtendedJson.parseObject(bytes, 0, bytes.length), text));
                } catch (ValidationException e) {
                    unreadable.add(new UnreadableRecord(collection, location, e.getMessage(), text));
                }
            }
        }
    }

    private static String raw(Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** Escapes the glob characters SCAN MATCH gives a meaning to; the prefix has no '*', '?' or '['. */
    private static String glob(String prefix) {
        return prefix.replace("\\", "\\\\") + "*";
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while reading " + name, e);
        } catch (TimeoutException e) {
            throw new StoreTimeoutException("reading " + name + " took longer than " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisCommandExecutionException command && String.valueOf(command.getMessage()).startsWith("WRONGTYPE")) {
                throw new WrongType("WRONGTYPE");
            }
            if (cause instanceof RedisCommandTimeoutException) {
                throw new StoreTimeoutException("reading " + name + " took longer than " + timeout, cause);
            }
            throw new StoreUnavailableException("cannot read " + name + ": " + cause.getClass().getSimpleName(), cause);
        }
    }

    private KeyPattern pattern(String collection) {
        KeyPattern pattern = collection == null ? null : patterns.get(collection);
        if (pattern == null) {
            throw new ValidationException("collection", "unknown-collection", "is not a collection of " + name);
        }
        return pattern;
    }

    @Override
    public OptionalLong estimatedCount(String collection) {
        pattern(collection);
        return OptionalLong.empty(); // Redis counts keys per database, not per pattern.
    }

    /**
     * @return whether the connection to Redis is open, for tests of {@link #close()}
     */
    public boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** A per-key WRONGTYPE error, turned into an unreadable record rather than a failed batch. */
    private static final class WrongType extends dev.stowage.exception.StoreException {
        WrongType(String message) {
            super(message);
        }
    }

    /** Where a scan stands: the SCAN cursor ({@code null} before the first page, {@code "0"} after the last) and the current page's keys not yet returned (without the prefix). */
    private record ScanState(String cursor, Deque<String> pending) {

        String format() {
            Map<String, Object> position = new LinkedHashMap<>();
            position.put("cursor", cursor);
            position.put("pending", List.copyOf(pending));
            try {
                return JSON.writeValueAsString(position);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static ScanState parse(String position) {
            try {
                Map<?, ?> map = JSON.readValue(position, Map.class);
                if (map.size() == 2 && map.get("cursor") instanceof String cursor && cursor.chars().allMatch(Character::isDigit)
                        && !cursor.isEmpty() && map.get("pending") instanceof List<?> pending
                        && pending.stream().allMatch(String.class::isInstance)) {
                    Deque<String> keys = new ArrayDeque<>();
                    pending.forEach(key -> keys.add((String) key));
                    return new ScanState(cursor, keys);
                }
            } catch (JsonProcessingException e) {
                // Reported below as a position this source did not write.
            }
            throw new ValidationException("position", "unknown-position", "is not a SCAN position this source writes");
        }
    }

    /** Configures a {@link KeyPatternSource}. */
    public static final class Builder {

        private final RedisURI uri;
        private final List<KeyPattern> patterns = new ArrayList<>();
        private int scanCount = DEFAULT_SCAN_COUNT;
        private Duration timeout = Duration.ofSeconds(10);

        private Builder(String redisUri) {
            Check.required(redisUri, "redisUri");
            try {
                this.uri = RedisURI.create(redisUri);
            } catch (IllegalArgumentException e) {
                throw new ValidationException("redisUri", "uri", "is not a Redis URI");
            }
        }

        /**
         * @param pattern a key pattern to read as a collection
         * @return this builder
         */
        public Builder pattern(KeyPattern pattern) {
            patterns.add(Check.required(pattern, "pattern"));
            return this;
        }

        /**
         * @param scanCount the SCAN COUNT hint: how many keys Redis looks at per call
         * @return this builder
         */
        public Builder scanCount(int scanCount) {
            this.scanCount = Check.range(scanCount, "scanCount", 1, 100_000);
            return this;
        }

        /**
         * @param timeout how long one command may take
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Check.required(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ValidationException("timeout", "positive", "must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @return the source, connected
         * @throws ValidationException        if no pattern was given
         * @throws StoreUnavailableException if Redis cannot be reached
         */
        public KeyPatternSource build() {
            if (patterns.isEmpty()) {
                throw new ValidationException("patterns", "required", "at least one key pattern is needed");
            }
            return new KeyPatternSource(this);
        }
    }
}
