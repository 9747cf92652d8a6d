package dev.stowage.cli;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.source.jsonl.JsonLinesSource;
import dev.stowage.migration.source.kv.KeyPattern;
import dev.stowage.migration.source.kv.KeyPatternSource;
import dev.stowage.migration.source.sqlite.SqliteSource;
import io.lettuce.core.RedisURI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code copy} and {@code dry-run} that read a legacy system instead of a Stowage
 * backend, through a mapping file: {@code --from jsonl} (mongoexport / JSON Lines files),
 * {@code --from sqlite} (the tables of a SQLite file) and {@code --from redis-keys} (key prefixes
 * of a standalone Redis). Each source's options are refused with any other {@code --from}, so a
 * mistyped command fails before anything is read.
 */
final class LegacySourceOptions {

    /** The {@code --from} value of mongoexport / JSON Lines files. */
    static final String JSONL = "jsonl";
    /** The {@code --from} value of a SQLite file. */
    static final String SQLITE = "sqlite";
    /** The {@code --from} value of Redis key prefixes. */
    static final String REDIS_KEYS = "redis-keys";

    /** Where {@code --redis-uri} comes from when not given, so a password need not be a visible argument. */
    static final String REDIS_URI_VARIABLE = "STOWAGE_LEGACY_REDIS_URI";

    private static final String DEFAULT_ID_FIELD = "_id";
    private static final String JSON_SHAPE = "json:";
    private static final String HASH_SHAPE = "hash:";

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "With --from jsonl, sqlite or redis-keys: the legacy mapping JSON file.")
    Path mapping;

    @Option(names = "--source-file", paramLabel = "[COLLECTION=]FILE",
            description = "With --from jsonl: a mongoexport / JSON Lines file (plain or gzip), its collection named "
                    + "after the file unless given; repeatable.")
    List<String> sourceFiles = new ArrayList<>();

    @Option(names = "--id-field", paramLabel = "FIELD",
            description = "With --from jsonl: the field of each record's legacy id; default " + DEFAULT_ID_FIELD + ".")
    String idField;

    @Option(names = "--sqlite-file", paramLabel = "FILE",
            description = "With --from sqlite: the SQLite database file, opened read-only; each table is a collection, "
                    + "its legacy id the single-column primary key, else the rowid.")
    Path sqliteFile;

    @Option(names = "--sqlite-table", paramLabel = "TABLE",
            description = "With --from sqlite: a table to read, in this order; repeatable; default every table.")
    List<String> sqliteTables = new ArrayList<>();

    @Option(names = "--redis-uri", paramLabel = "URI",
            description = "With --from redis-keys: the standalone Redis to read, such as redis://host:6379/0; default "
                    + "the " + REDIS_URI_VARIABLE + " variable, the better place for a URI with a password "
                    + "(other users can see a process's arguments).")
    String redisUri;

    @Option(names = "--redis-pattern", paramLabel = "[json:|hash:]PREFIX",
            description = "With --from redis-keys: the keys starting with PREFIX, a collection named PREFIX* in the "
                    + "mapping, their values JSON strings (json:, the default) or hashes (hash:); a trailing * is "
                    + "allowed; the legacy id is the key after the prefix; repeatable.")
    List<String> redisPatterns = new ArrayList<>();

    @Option(names = "--redis-scan-count", paramLabel = "N",
            description = "With --from redis-keys: the SCAN COUNT hint, keys Redis looks at per call; default "
                    + KeyPatternSource.DEFAULT_SCAN_COUNT + ".")
    Integer redisScanCount;

    @Option(names = "--redis-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --from redis-keys: how long one Redis command may take, such as 500ms, 10s or PT1M; "
                    + "default 10s.")
    Duration redisTimeout;

    /**
     * @param from the {@code --from} value
     * @return whether it names a legacy source rather than a Stowage backend
     */
    static boolean isLegacy(String from) {
        return JSONL.equals(from) || SQLITE.equals(from) || REDIS_KEYS.equals(from);
    }

    /**
     * Checks that the options given fit {@code --from}: a legacy source has what it needs and no
     * other source's options, a backend source has none of them.
     *
     * @param from        the {@code --from} value, or {@code null}
     * @param environment the process environment, for {@value #REDIS_URI_VARIABLE}
     * @throws CliUsageException saying which option to add or remove
     */
    void check(String from, Map<String, String> environment) {
        for (Given option : given()) {
            if (!option.source().equals(from) && !(option.source().isEmpty() && isLegacy(from))) {
                String wanted = option.source().isEmpty() ? "--from jsonl, sqlite or redis-keys" : "--from " + option.source();
                throw new CliUsageException(option.name() + " is for " + wanted + ", not "
                        + (from == null ? "a copy without --from" : "--from " + from) + ": remove it or change --from");
            }
        }
        if (!isLegacy(from)) {
            return;
        }
        switch (from) {
            case JSONL -> require(mapping != null && !sourceFiles.isEmpty(),
                    "--from jsonl needs --mapping FILE and at least one --source-file FILE");
            case SQLITE -> require(mapping != null && sqliteFile != null,
                    "--from sqlite needs --mapping FILE and --sqlite-file FILE");
            default -> require(mapping != null && redisUri(environment) != null && !redisPatterns.isEmpty(),
                    "--from redis-keys needs --mapping FILE, --redis-uri URI (or " + REDIS_URI_VARIABLE
                            + ") and at least one --redis-pattern PREFIX");
        }
        if (sqliteFile != null && !Files.isRegularFile(sqliteFile)) {
            throw new CliUsageException("--sqlite-file " + sqliteFile + " is not a readable file");
        }
        if (redisScanCount != null && (redisScanCount < 1 || redisScanCount > 100_000)) {
            throw new CliUsageException("--redis-scan-count must be between 1 and 100000, not " + redisScanCount);
        }
        patterns();   // a malformed --redis-pattern fails here, before anything is opened
    }

    private static void require(boolean present, String message) {
        if (!present) {
            throw new CliUsageException(message);
        }
    }

    /** An option given on the command line, and the legacy source it belongs to ({@code ""}: every one). */
    private record Given(String name, String source) {
    }

    private List<Given> given() {
        List<Given> given = new ArrayList<>();
        addIf(given, !sourceFiles.isEmpty(), "--source-file", JSONL);
        addIf(given, idField != null, "--id-field", JSONL);
        addIf(given, sqliteFile != null, "--sqlite-file", SQLITE);
        addIf(given, !sqliteTables.isEmpty(), "--sqlite-table", SQLITE);
        addIf(given, redisUri != null, "--redis-uri", REDIS_KEYS);
        addIf(given, !redisPatterns.isEmpty(), "--redis-pattern", REDIS_KEYS);
        addIf(given, redisScanCount != null, "--redis-scan-count", REDIS_KEYS);
        addIf(given, redisTimeout != null, "--redis-timeout", REDIS_KEYS);
        addIf(given, mapping != null, "--mapping", "");   // last: a source's own option says more about the mistake
        return given;
    }

    private static void addIf(List<Given> given, boolean present, String name, String source) {
        if (present) {
            given.add(new Given(name, source));
        }
    }

    private String redisUri(Map<String, String> environment) {
        return redisUri != null ? redisUri : environment.get(REDIS_URI_VARIABLE);
    }

    /**
     * @param environment the process environment
     * @return the values that must never be printed: the password of the Redis URI, if any
     *     (masked in URIs anyway, but also wherever it appears on its own)
     */
    List<String> secrets(Map<String, String> environment) {
        String uri = redisUri(environment);
        if (uri == null) {
            return List.of();
        }
        try {
            char[] password = RedisURI.create(uri).getPassword();
            return password == null || password.length == 0 ? List.of() : List.of(new String(password));
        } catch (IllegalArgumentException e) {
            return List.of();   // KeyPatternSource reports the malformed URI, without repeating it.
        }
    }

    /**
     * @param from        a legacy {@code --from} value, {@link #check checked}
     * @param environment the process environment
     * @return its source, opened (the caller closes it)
     */
    RecordSource open(String from, Map<String, String> environment) {
        return switch (from) {
            case JSONL -> jsonlSource();
            case SQLITE -> SqliteSource.open(sqliteFile, List.copyOf(sqliteTables));
            default -> redisSource(redisUri(environment));
        };
    }

    private JsonLinesSource jsonlSource() {
        JsonLinesSource.Builder source = JsonLinesSource.builder().idField(idField != null ? idField : DEFAULT_ID_FIELD);
        for (String file : sourceFiles) {
            int equals = file.indexOf('=');
            if (equals > 0) {
                source.file(file.substring(0, equals), Path.of(file.substring(equals + 1)));
            } else {
                source.file(Path.of(file));
            }
        }
        return source.build();
    }

    private KeyPatternSource redisSource(String uri) {
        KeyPatternSource.Builder source = KeyPatternSource.builder(uri);
        patterns().forEach(source::pattern);
        if (redisScanCount != null) {
            source.scanCount(redisScanCount);
        }
        if (redisTimeout != null) {
            source.timeout(redisTimeout);
        }
        return source.build();
    }

    /** The {@code --redis-pattern} values as key patterns: {@code json:} unless {@code hash:}, one trailing {@code *} dropped. */
    private List<KeyPattern> patterns() {
        List<KeyPattern> patterns = new ArrayList<>();
        for (String value : redisPatterns) {
            boolean hash = value.startsWith(HASH_SHAPE);
            String prefix = hash ? value.substring(HASH_SHAPE.length())
                    : value.startsWith(JSON_SHAPE) ? value.substring(JSON_SHAPE.length()) : value;
            if (prefix.endsWith("*")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            if (prefix.isEmpty() || prefix.contains("*") || prefix.contains("?") || prefix.contains("[")) {
                throw new CliUsageException("--redis-pattern takes [json:|hash:]PREFIX with a literal, non-empty prefix"
                        + " (at most a trailing *), not '" + value + "'");
            }
            patterns.add(hash ? KeyPattern.hash(prefix) : KeyPattern.json(prefix));
        }
        return patterns;
    }

    /** Parses a duration as the configuration does: {@code 500ms}, {@code 10s}, {@code 2m} or ISO-8601. */
    static final class DurationConverter implements ITypeConverter<Duration> {

        /** A key of the configuration's own, so the value is parsed by the configuration's rules. */
        private static final String KEY = "stowage.cli.duration";

        @Override
        public Duration convert(String value) {
            Duration duration;
            try {
                duration = StowageConfig.of(Map.of(KEY, value)).getDuration(KEY, null);
            } catch (StoreConfigurationException e) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 10s, 2m or PT1M");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration");
            }
            return duration;
        }
    }
}
