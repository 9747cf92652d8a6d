package dev.stowage.cli;

import dev.stowage.postgres.PostgresBackendProvider;
import dev.stowage.redis.RedisBackendProvider;
import dev.stowage.spi.BackendOption;
import dev.stowage.spi.BackendProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every option of every backend on the class path as a flag per side: {@code stowage.postgres.pool.max-size}
 * becomes {@code --from-postgres-pool-max-size} and {@code --to-postgres-pool-max-size}. The
 * built-in backends describe their options ({@link BackendOption}); another backend's keys come
 * from {@link BackendProvider#configKeys()} with a generic description.
 */
final class BackendFlags {

    /** One backend option: its key under {@code stowage.<backend>.} and how it is shown. */
    record Flag(String backend, String key, String description, boolean secret) {

        String fullKey() {
            return "stowage." + backend + "." + key;
        }

        String name(String side) {
            return "--" + side + "-" + backend + "-" + key.replace('.', '-');
        }
    }

    private BackendFlags() {
    }

    /**
     * @return every backend's flags, by backend name
     */
    static Map<String, List<Flag>> all() {
        Map<String, List<Flag>> flags = new TreeMap<>();
        flags.put("postgres", described("postgres", PostgresBackendProvider.OPTIONS));
        flags.put("redis", described("redis", RedisBackendProvider.OPTIONS));
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            flags.computeIfAbsent(provider.name(), name -> provider.configKeys().stream().sorted()
                    .map(key -> new Flag(name, key, "stowage." + name + "." + key,
                            dev.stowage.support.Secrets.isSecretKey(key)))
                    .toList());
        }
        return flags;
    }

    private static List<Flag> described(String backend, List<? extends BackendOption<?>> options) {
        List<Flag> flags = new ArrayList<>();
        for (BackendOption<?> option : options) {
            String text = option.description() + (option.defaultValue() == null ? "" : " (default "
                    + option.defaultValue() + ")");
            flags.add(new Flag(backend, option.key(), text, option.secret()));
        }
        return flags;
    }

    /**
     * Adds the side's flags to a command.
     *
     * @param spec the command
     * @param side {@code "from"} or {@code "to"}
     */
    static void addTo(CommandSpec spec, String side) {
        all().forEach((backend, flags) -> {
            for (Flag flag : flags) {
                spec.addOption(OptionSpec.builder(flag.name(side))
                        .paramLabel(flag.secret() ? "SECRET" : lastPart(flag.key()).toUpperCase(Locale.ROOT).replace('-', '_'))
                        .type(String.class)
                        .description(flag.description() + " [" + flag.fullKey() + "]")
                        .build());
            }
        });
    }

    private static String lastPart(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /**
     * @param spec the parsed command
     * @param side {@code "from"} or {@code "to"}
     * @return the side's flags given on the command line, as configuration keys
     */
    static Map<String, String> given(CommandSpec spec, String side) {
        Map<String, String> values = new TreeMap<>();
        all().forEach((backend, flags) -> {
            for (Flag flag : flags) {
                OptionSpec option = spec.findOption(flag.name(side));
                if (option != null && option.getValue() != null) {
                    values.put(flag.fullKey(), option.getValue());
                }
            }
        });
        return values;
    }
}
