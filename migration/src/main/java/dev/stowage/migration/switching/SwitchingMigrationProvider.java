package dev.stowage.migration.switching;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.internal.Jdbc;
import dev.stowage.spi.StoreBackend;
import dev.stowage.spi.StoreMigrationContext;
import dev.stowage.spi.StoreMigrationProvider;
import dev.stowage.support.Check;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Opens a {@link SwitchingBackend} for a store that {@code Stowage.open} moves
 * ({@code stowage.<store>.migration.to=<backend or named instance>}). The keys, all under
 * {@code stowage.<store>.migration.}:
 * <table>
 *   <caption>configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code stage}</td><td>the stage ({@code off}, {@code dual-write}, {@code shadow},
 *       {@code live}, {@code ramp-down}, {@code complete}); for {@code shared} the stage of a
 *       control record created now, for {@code openfeature} the fallback</td><td>{@code off}</td></tr>
 *   <tr><td>{@code flag}</td><td>where the stage comes from: {@code static} (the {@code stage}
 *       key), {@code programmatic} (a {@link ProgrammaticStageSource} driven through
 *       {@link SwitchingBackend#controller}), {@code shared} (a {@link SharedStageSource} in the
 *       control database) or {@code openfeature} (OpenFeature's global client; needs
 *       {@code dev.openfeature:sdk})</td><td>{@code static}</td></tr>
 *   <tr><td>{@code flag-key}</td><td>the OpenFeature string flag</td><td>{@code stowage-<store>-stage}</td></tr>
 *   <tr><td>{@code name}</td><td>the migration's name in the control record and repair table</td><td>{@code default}</td></tr>
 *   <tr><td>{@code control.url}, {@code control.user}, {@code control.password}</td><td>JDBC
 *       connection to the PostgreSQL control database (stage record, repair queue)</td><td>none</td></tr>
 *   <tr><td>{@code control.schema}</td><td>schema of the control tables</td><td>{@code public}</td></tr>
 *   <tr><td>{@code poll-interval}, {@code lease}, {@code max-pause}</td><td>the shared source's
 *       timings</td><td>{@code 100ms}, {@code 2s}, {@code 5s}</td></tr>
 *   <tr><td>{@code repair-queue}</td><td>{@code postgres}, {@code file} or {@code memory}</td>
 *       <td>{@code postgres} with a {@code control.url}, else {@code memory}</td></tr>
 *   <tr><td>{@code repair-queue.path}</td><td>the file of a {@code file} queue</td><td>none</td></tr>
 *   <tr><td>{@code shadow.ratio}, {@code shadow.timeout}</td><td>share of key reads compared in
 *       SHADOW and LIVE; their timeout</td><td>{@code 0.01}, {@code 500ms}</td></tr>
 *   <tr><td>{@code reconcile-interval}</td><td>time between background drains of the repair
 *       queue; {@code 0s} for none</td><td>{@code 1s}</td></tr>
 * </table>
 * The meters go to a Micrometer {@code MeterRegistry} shared through {@code Stowage.open}'s resources
 * (the Spring Boot starter shares the application's), else to Micrometer's global registry.
 * Registered in {@code META-INF/services/dev.stowage.spi.StoreMigrationProvider}.
 */
public final class SwitchingMigrationProvider implements StoreMigrationProvider {

    private static final Set<String> KEYS = Set.of("stage", "flag", "flag-key", "name", "control.url", "control.user",
            "control.password", "control.schema", "poll-interval", "lease", "max-pause", "repair-queue",
            "repair-queue.path", "shadow.ratio", "shadow.timeout", "reconcile-interval");

    @Override
    public Set<String> configKeys() {
        return KEYS;
    }

    @Override
    public StoreBackend open(StoreMigrationContext context) {
        StowageConfig config = context.config();
        StoreKind store = StoreKind.valueOf(context.store().toUpperCase(Locale.ROOT));
        Stage stage = stage(context, config);
        String name = keyed(context, "name", () -> Check.requiredText(config.getString(context.key("name"), "default"),
                "name", 100));
        String schema = keyed(context, "control.schema", () -> Jdbc.schema(config.getString(context.key("control.schema"),
                "public")));
        double ratio = ratio(context, config);
        Duration shadowTimeout = positive(context, config, "shadow.timeout", Duration.ofMillis(500));
        Duration reconcile = reconcileInterval(context, config);
        Optional<ControlDataSource> control = config.get(context.key("control.url")).map(url -> {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new StoreConfigurationException(context.key("control.url") + " must be a PostgreSQL JDBC URL"
                        + " (jdbc:postgresql://host:5432/database)");
            }
            return new ControlDataSource(url, config.get(context.key("control.user")).orElse(null),
                    config.get(context.key("control.password")).orElse(null));
        });
        RepairQueue repairs;
        StageSource source;
        try {
            control.ifPresent(dataSource -> probe(context, dataSource, schema));
            repairs = repairQueue(context, config, control.map(DataSource.class::cast), schema, name);
            try {
                source = stageSource(context, config, store, stage, control.map(DataSource.class::cast), schema, name);
            } catch (RuntimeException e) {
                repairs.close();
                throw e;
            }
        } catch (RuntimeException e) {
            control.ifPresent(ControlDataSource::close);
            throw e;
        }
        try {
            SwitchingBackend.Builder builder = SwitchingBackend.builder(context.from(), context.to()).stage(store, source)
                    .repairQueue(repairs).clock(context.clock()).shadowRatio(ratio).shadowTimeout(shadowTimeout);
            control.ifPresent(builder::closeAlso);
            sharedMeterRegistry(context).ifPresent(builder::meterRegistry);
            SwitchingBackend backend = builder.build();
            if (!reconcile.isZero()) {
                backend.reconciler().start(reconcile);
            }
            return backend;
        } catch (RuntimeException e) {
            source.close();
            repairs.close();
            control.ifPresent(ControlDataSource::close);
            throw e;
        }
    }

    /**
     * @return the value, a {@link ValidationException} of the builder it is handed to reported as
     *     a configuration failure naming the key
     */
    private static <T> T keyed(StoreMigrationContext context, String key, Supplier<T> value) {
        try {
            return value.get();
        } catch (ValidationException e) {
            throw new StoreConfigurationException(context.key(key) + " is not valid: " + e.getMessage(), e);
        }
    }

    private static Duration positive(StoreMigrationContext context, StowageConfig config, String key, Duration fallback) {
        Duration value = config.getDuration(context.key(key), fallback);
        if (value.isNegative() || value.isZero()) {
            throw new StoreConfigurationException(context.key(key) + " must be a positive duration such as 500ms");
        }
        return value;
    }

    private static Duration reconcileInterval(StoreMigrationContext context, StowageConfig config) {
        Duration value = config.getDuration(context.key("reconcile-interval"), Duration.ofSeconds(1));
        if (!value.isZero() && value.compareTo(Reconciler.MIN_INTERVAL) < 0) {
            throw new StoreConfigurationException(context.key("reconcile-interval") + " must be 0s (no background"
                    + " drains) or at least " + Reconciler.MIN_INTERVAL.toMillis() + "ms");
        }
        return value;
    }

    /**
     * Connects to the control database once, so that a wrong user, password, database or schema
     * fails now naming its key rather than at the first stage read. An unreachable server is a
     * {@link dev.stowage.exception.StoreUnavailableException}, as everywhere.
     */
    private static void probe(StoreMigrationContext context, DataSource control, String schema) {
        boolean schemaExists;
        try {
            schemaExists = new Jdbc(control, "control database", Jdbc.STORE_EXCEPTIONS).call("connect", connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                    select.setString(1, schema);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next();
                    }
                }
            });
        } catch (StoreException e) {
            String state = e.getCause() instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
            if (state.startsWith("28")) {
                throw new StoreConfigurationException("the control database refused the login: check "
                        + context.key("control.user") + " and " + context.key("control.password"), e);
            }
            if (state.equals("3D000")) {
                throw new StoreConfigurationException("the database of " + context.key("control.url")
                        + " does not exist: create it or name another", e);
            }
            throw e;
        }
        if (!schemaExists) {
            throw new StoreConfigurationException(context.key("control.schema") + " names a schema that does not exist"
                    + " in the control database: create it (CREATE SCHEMA " + schema + ") or name another");
        }
    }

    /**
     * @return the application's Micrometer registry among the shared resources (the Spring Boot
     *     starter shares it), looked up by name so Micrometer stays optional
     */
    private static Optional<Object> sharedMeterRegistry(StoreMigrationContext context) {
        return context.resources().entrySet().stream()
                .filter(entry -> entry.getKey().getName().equals("io.micrometer.core.instrument.MeterRegistry"))
                .map(java.util.Map.Entry::getValue).findFirst();
    }

    private static Stage stage(StoreMigrationContext context, StowageConfig config) {
        String text = config.getString(context.key("stage"), "off");
        Stage stage = Stage.parse(text);
        if (stage == null) {
            throw new StoreConfigurationException(context.key("stage") + " must be one of off, dual-write, shadow, live,"
                    + " ramp-down, complete; was '" + text + "'");
        }
        return stage;
    }

    private static double ratio(StoreMigrationContext context, StowageConfig config) {
        String text = config.getString(context.key("shadow.ratio"), "0.01");
        try {
            double ratio = Double.parseDouble(text);
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new StoreConfigurationException(context.key("shadow.ratio") + " must be a number from 0 to 1, was '"
                + text + "'");
    }

    private static RepairQueue repairQueue(StoreMigrationContext context, StowageConfig config,
                                           Optional<DataSource> control, String schema, String name) {
        String kind = config.getString(context.key("repair-queue"), control.isPresent() ? "postgres" : "memory")
                .toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "memory" -> new MemoryRepairQueue();
            case "file" -> fileQueue(context, config.get(context.key("repair-queue.path")).orElseThrow(() ->
                    new StoreConfigurationException("a file repair queue needs " + context.key("repair-queue.path"))));
            case "postgres" -> PostgresRepairQueue.builder(control.orElseThrow(() -> new StoreConfigurationException(
                    "a postgres repair queue needs " + context.key("control.url") + " (a JDBC URL)")))
                    .schema(schema).name(name).build();
            default -> throw new StoreConfigurationException(context.key("repair-queue")
                    + " must be postgres, file or memory, was '" + kind + "'");
        };
    }

    private static RepairQueue fileQueue(StoreMigrationContext context, String path) {
        try {
            Path file = Path.of(path);
            if (Files.isDirectory(file)) {
                throw new StoreConfigurationException(context.key("repair-queue.path") + " is a directory: name a file");
            }
            return FileRepairQueue.open(file);
        } catch (InvalidPathException e) {
            throw new StoreConfigurationException(context.key("repair-queue.path") + " is not a valid path", e);
        } catch (StoreConfigurationException e) {
            throw e;
        } catch (StoreException e) {
            throw new StoreConfigurationException(context.key("repair-queue.path") + " names a file that is not a"
                    + " repair queue: " + e.getMessage(), e);
        }
    }

    private static StageSource stageSource(StoreMigrationContext context, StowageConfig config, StoreKind store, Stage stage,
                                           Optional<DataSource> control, String schema, String name) {
        String flag = config.getString(context.key("flag"), "static").toLowerCase(Locale.ROOT);
        return switch (flag) {
            case "static" -> StageSource.fixed(stage);
            case "programmatic" -> {
                Duration maxPause = config.getDuration(context.key("max-pause"), ProgrammaticStageSource.DEFAULT_MAX_PAUSE);
                yield keyed(context, "max-pause", () -> ProgrammaticStageSource.startingAt(stage, maxPause));
            }
            case "shared" -> {
                SharedStageSource.Builder shared = SharedStageSource.builder(control.orElseThrow(() ->
                        new StoreConfigurationException("a shared stage needs " + context.key("control.url")
                                + " (a JDBC URL of the control database)")))
                        .schema(schema).name(name).store(store).initial(stage);
                Duration poll = config.getDuration(context.key("poll-interval"), Duration.ofMillis(100));
                Duration lease = config.getDuration(context.key("lease"), Duration.ofSeconds(2));
                Duration maxPause = config.getDuration(context.key("max-pause"), Duration.ofSeconds(5));
                keyed(context, "poll-interval", () -> shared.pollInterval(poll));
                keyed(context, "lease", () -> shared.lease(lease));
                keyed(context, "max-pause", () -> shared.maxPause(maxPause));
                yield keyed(context, "lease", shared::build);    // the lease must outlast the poll interval
            }
            case "openfeature" -> openFeature(context, config, stage);
            default -> throw new StoreConfigurationException(context.key("flag")
                    + " must be static, programmatic, shared or openfeature, was '" + flag + "'");
        };
    }

    private static StageSource openFeature(StoreMigrationContext context, StowageConfig config, Stage stage) {
        try {
            Class.forName("dev.openfeature.sdk.OpenFeatureAPI", false, SwitchingMigrationProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new StoreConfigurationException(context.key("flag") + "=openfeature needs the OpenFeature SDK: add"
                    + " dev.openfeature:sdk to the application's dependencies");
        }
        String flagKey = config.getString(context.key("flag-key"), "stowage-" + context.store() + "-stage");
        if (flagKey.isBlank()) {
            throw new StoreConfigurationException(context.key("flag-key") + " is blank: name the OpenFeature string flag");
        }
        return OpenFeatureStageSource.global(flagKey, stage);
    }
}
