package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.TenantId;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every command shares: output options, configuration files, opening a side's stores, and
 * the secrets that must never be printed.
 */
abstract class StowageCommand implements Callable<Integer> {

    /** Exit code: done, and everything checked out. */
    static final int OK = 0;
    /** Exit code: mismatches, rejects, invalid records, or another failure of the work itself. */
    static final int FAILED = 1;
    /** Exit code: the command line or the configuration cannot work. */
    static final int USAGE = 2;
    /** Exit code: a server did not answer. */
    static final int UNAVAILABLE = 3;
    /** Exit code: stopped by Ctrl-C after the current batch; the same command resumes. */
    static final int STOPPED = 130;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (progress: none).")
    boolean json;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar on a terminal, plain lines otherwise), bar, plain or none; default ${DEFAULT-VALUE}.")
    String progress;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of stowage.* keys for both sides (stowage.from.* / stowage.to.* / "
                    + "stowage.on.* for one); repeatable, later files win.")
    List<Path> configFiles = new ArrayList<>();

    CliContext context;
    private final List<String> secrets = new ArrayList<>();

    void bind(CliContext value) {
        this.context = value;
    }

    /**
     * @return the secrets of every side resolved so far
     */
    List<String> secrets() {
        return List.copyOf(secrets);
    }

    /**
     * @param side    {@code "from"}, {@code "to"} or {@code "on"}
     * @param backend the {@code --<side>} value, or null
     * @param own     the side's own configuration files
     * @return the side's configuration
     * @throws CliUsageException if no backend was chosen for it
     */
    SideConfig side(String side, String backend, List<Path> own) {
        SideConfig config = SideConfig.resolve(side, context.environment, configFiles, own, backend,
                BackendFlags.given(spec, side));
        secrets.addAll(config.secrets());
        if (config.backend() == null) {
            throw new CliUsageException("no backend for --" + side + ": give --" + side + " memory|postgres|redis"
                    + " (available: " + String.join(", ", Stowage.availableBackends()) + "), or stowage.backend in --"
                    + side + "-config");
        }
        return config;
    }

    /**
     * @param config a side's configuration
     * @return its stores, opened
     */
    static Stores open(SideConfig config) {
        return Stowage.open(config.toStowageConfig());
    }

    ProgressDisplay display(String task) {
        ProgressDisplay.Mode mode;
        try {
            mode = json ? ProgressDisplay.Mode.NONE
                    : ProgressDisplay.Mode.valueOf(progress.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("--progress must be auto, bar, plain or none, not '" + progress + "'");
        }
        return ProgressDisplay.open(mode, context.terminal, context.err, task);
    }

    static StoreKind[] storeKinds(List<String> names) {
        List<StoreKind> kinds = new ArrayList<>();
        for (String name : names) {
            try {
                kinds.add(StoreKind.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CliUsageException("--stores takes contacts, credits and tokens, not '" + name + "'");
            }
        }
        return kinds.toArray(StoreKind[]::new);
    }

    static TenantId[] tenantIds(List<String> names) {
        return names.stream().map(TenantId::of).toArray(TenantId[]::new);
    }

    /**
     * @param names   the {@code --tenant} values
     * @param backend the backend a one-backend command works on
     * @return those tenants, or else every tenant the backend lists (the default tenant alone on a
     *     backend that cannot list its tenants)
     */
    static List<TenantId> tenantsOr(List<String> names, StoreBackend backend) {
        if (!names.isEmpty()) {
            return List.of(tenantIds(names));
        }
        try {
            return backend.tenants();
        } catch (UnsupportedCapabilityException e) {
            return List.of(TenantId.DEFAULT);
        }
    }

    void print(String text) {
        context.out.print(text.endsWith("\n") ? text : text + "\n");
        context.out.flush();
    }
}
