package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.SwitchingBackend;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.spi.StoreBackend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stores of an application's configuration that are migrating ({@code stowage.<store>.migration.to}),
 * each with its switching backend, opened for an operator's command: the CLI joins the
 * migration like one more instance (it sees the shared control record and the shared repair
 * queue) but never drains in the background, and it keeps the last verification it ran per
 * migration and store in its state directory, since a verification lives in the process that ran it.
 */
final class Migrations implements AutoCloseable {

    private final Stores stores;
    private final Map<StoreKind, SwitchingBackend> switching = new EnumMap<>(StoreKind.class);
    private final Map<StoreKind, String> names = new EnumMap<>(StoreKind.class);
    private final Path stateDir;

    private Migrations(Stores stores, Path stateDir) {
        this.stores = stores;
        this.stateDir = stateDir;
    }

    /**
     * @param config   the application's configuration (the {@code on} side)
     * @param only     the stores asked for; empty for every migrating store
     * @param stateDir where the last verifications are kept
     * @return the migrating stores, opened
     * @throws CliUsageException if none of them is migrating
     */
    static Migrations open(SideConfig config, List<StoreKind> only, Path stateDir) {
        for (StoreKind store : StoreKind.values()) {
            if (config.toStowageConfig().get(key(store, "to")).isPresent()) {
                config.force(key(store, "reconcile-interval"), "0s");   // the operator drains with `repair`
            }
        }
        Migrations migrations = new Migrations(StowageCommand.open(config), stateDir);
        try {
            for (StoreKind store : StoreKind.values()) {
                StoreBackend backend = switch (store) {
                    case CONTACTS -> migrations.stores.contactsBackend();
                    case CREDITS -> migrations.stores.creditsBackend();
                    case TOKENS -> migrations.stores.tokensBackend();
                };
                if ((only.isEmpty() || only.contains(store)) && backend instanceof SwitchingBackend sw) {
                    migrations.switching.put(store, sw);
                    migrations.names.put(store, config.toStowageConfig().getString(key(store, "name"), "default"));
                }
            }
            if (migrations.switching.isEmpty()) {
                throw new CliUsageException("no " + (only.isEmpty() ? "" : "chosen ") + "store is migrating: the"
                        + " application's configuration (--on-config FILE) must set stowage.<store>.migration.to"
                        + " (and, for stage changes that running applications follow, stowage.<store>.migration.flag=shared"
                        + " with its control.url)");
            }
            return migrations;
        } catch (RuntimeException e) {
            migrations.close();
            throw e;
        }
    }

    private static String key(StoreKind store, String suffix) {
        return "stowage." + store.name().toLowerCase(Locale.ROOT) + ".migration." + suffix;
    }

    /**
     * @return the migrating stores and their switching backends, in store order
     */
    Map<StoreKind, SwitchingBackend> switching() {
        return switching;
    }

    /**
     * @param store a migrating store
     * @return the last verification this CLI recorded for its migration, if any
     */
    Optional<VerificationReport> lastVerification(StoreKind store) {
        Path file = verificationFile(store);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(VerificationReport.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Keeps a verification as the store's last (written whole, then moved into place).
     *
     * @param store  a migrating store
     * @param report its verification
     */
    void recordVerification(StoreKind store, VerificationReport report) {
        Path file = verificationFile(store);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temp, report.toJson(), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the verification to " + file + ": " + e.getMessage(), e);
        }
    }

    private Path verificationFile(StoreKind store) {
        String name = names.get(store).replaceAll("[^A-Za-z0-9._-]", "_");
        return stateDir.resolve("verifications").resolve(name + "-" + store.name().toLowerCase(Locale.ROOT) + ".json");
    }

    @Override
    public void close() {
        stores.close();
    }
}
