package dev.stowage.cli;

import dev.stowage.StowageConfig;
import dev.stowage.support.Secrets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The configuration of one side of a command ({@code from} or {@code to}), layered, later wins:
 * <ol>
 *   <li>the environment: {@code STOWAGE_POSTGRES_URL} for both sides, then
 *       {@code STOWAGE_FROM_POSTGRES_URL} / {@code STOWAGE_TO_POSTGRES_URL} / {@code STOWAGE_ON_POSTGRES_URL} for one;</li>
 *   <li>{@code --config FILE}: {@code stowage.postgres.url} for both sides,
 *       {@code stowage.from.postgres.url} / {@code stowage.to.postgres.url} for one;</li>
 *   <li>{@code --from-config FILE} / {@code --to-config FILE}: an application's own
 *       {@code stowage.*} file, for that side only (its {@code stowage.backend} and per-store
 *       backends included);</li>
 *   <li>the flags ({@code --from-postgres-url}), and {@code --from}/{@code --to} for the backend.</li>
 * </ol>
 * Keys the CLI decides itself are left out of the shared layers: {@code stowage.backend}, the
 * per-store backends, {@code stowage.tenant} and the cache (an operator's copy goes to the store
 * of record); {@code STOWAGE_LEGACY_*} variables are the legacy sources' and are left out of every layer.
 */
final class SideConfig {

    /** The CLI's own variables for a legacy source ({@link LegacySourceOptions#REDIS_URI_VARIABLE}): no backend's keys. */
    private static final String LEGACY_PREFIX = "STOWAGE_LEGACY_";

    /** The side names: a copy's two sides, and the one side of a command on one backend. */
    static final List<String> SIDES = List.of("from", "to", "on");

    private final String side;
    private final Map<String, String> values = new TreeMap<>();

    private SideConfig(String side) {
        this.side = side;
    }

    /**
     * @param side        {@code "from"}, {@code "to"} or {@code "on"}
     * @param environment the process environment
     * @param shared      the {@code --config} files
     * @param own         the side's {@code --<side>-config} files
     * @param backend     the {@code --<side>} value, or {@code null}
     * @param flags       the side's backend flags, as configuration keys
     * @return the side's configuration
     * @throws CliUsageException if a file cannot be read
     */
    static SideConfig resolve(String side, Map<String, String> environment, List<Path> shared, List<Path> own,
                              String backend, Map<String, String> flags) {
        SideConfig config = new SideConfig(side);
        Map<String, String> env = new TreeMap<>();
        StowageConfig fromEnv = StowageConfig.fromEnvironment(environment);
        fromEnv.keys().forEach(key -> env.put(key, fromEnv.get(key).orElseThrow()));
        config.layer(env);
        for (Path file : shared) {
            config.layer(read(file));
        }
        for (Path file : own) {
            read(file).forEach((key, value) -> {
                if (!isLeftOut(key, true)) {
                    config.values.put(key, value);
                }
            });
        }
        config.values.putAll(flags);
        if (backend != null) {
            config.values.keySet().removeIf(key -> isBackendChoice(key));
            config.values.put("stowage.backend", backend);
        }
        return config;
    }

    /** Shared keys for both sides, then this side's {@code stowage.<side>.*} keys over them. */
    private void layer(Map<String, String> entries) {
        String own = "stowage." + side + ".";
        entries.forEach((key, value) -> {
            String lower = key.toLowerCase(Locale.ROOT);
            if (!isSidePrefixed(lower) && !isLeftOut(lower, false)) {
                values.put(lower, value);
            }
        });
        entries.forEach((key, value) -> {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith(own)) {
                String unprefixed = "stowage." + lower.substring(own.length());
                if (!isLeftOut(unprefixed, true)) {
                    values.put(unprefixed, value);
                }
            }
        });
    }

    private static boolean isSidePrefixed(String key) {
        return SIDES.stream().anyMatch(name -> key.startsWith("stowage." + name + "."));
    }

    private static boolean isLeftOut(String key, boolean sideOwn) {
        String canonical = StowageConfig.canonical(key);
        if (canonical.startsWith("STOWAGE_CACHE_") || canonical.equals("STOWAGE_TENANT")
                || canonical.startsWith(LEGACY_PREFIX)) {
            return true;
        }
        return !sideOwn && isBackendChoice(key);
    }

    private static boolean isBackendChoice(String key) {
        String canonical = StowageConfig.canonical(key);
        return canonical.equals("STOWAGE_BACKEND") || canonical.equals("STOWAGE_CONTACTS_BACKEND")
                || canonical.equals("STOWAGE_CREDITS_BACKEND") || canonical.equals("STOWAGE_TOKENS_BACKEND");
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new CliUsageException("cannot read the configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
        return entries;
    }

    /**
     * Sets a key the command decides itself (over every layer).
     *
     * @param key   a {@code stowage.*} key
     * @param value its value
     */
    void force(String key, String value) {
        values.keySet().removeIf(existing -> StowageConfig.canonical(existing).equals(StowageConfig.canonical(key)));
        values.put(key, value);
    }

    /**
     * @return the backend of every store of the side, or {@code null} when none was chosen
     */
    String backend() {
        return values.get("stowage.backend");
    }

    /**
     * @return the configuration for {@code Stowage.open}
     */
    StowageConfig toStowageConfig() {
        return StowageConfig.of(values);
    }

    /**
     * @return the configured values that must never be printed (passwords, secrets, keys; a
     *     URL's password is masked by {@link Secrets#mask(String)} wherever it appears)
     */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        values.forEach((key, value) -> {
            String canonical = StowageConfig.canonical(key);
            if (Secrets.isSecretKey(key) && !canonical.endsWith("_URL") && !canonical.endsWith("_URI")) {
                secrets.add(value);
            }
        });
        return secrets;
    }

    /**
     * @param backend a backend of the side
     * @return its server's address with any password masked, or {@code "-"} for one without a server
     */
    String address(String backend) {
        String address = values.getOrDefault("stowage." + backend + ".url", values.get("stowage." + backend + ".uri"));
        return address == null ? "-" : Secrets.maskUri(address);
    }
}
