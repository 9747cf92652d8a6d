package dev.stowage.cli;

import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.Reconciler;
import dev.stowage.migration.switching.SwitchingBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code stowage repair}: drains the repair queue of an application's migrating stores through
 * the reconciler (each queued key re-copied from the store that is authoritative now).
 */
@Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drain the repair queue of the migrating stores of an application's configuration "
                + "(--on-config FILE): every queued key is re-copied from the authoritative backend to the other, "
                + "with progress and a summary table.",
                "Exit 0 when the queue is empty, 1 when keys failed (they stay queued), 2 usage, 3 unavailable."})
final class RepairCommand extends StowageCommand {

    /** How often the progress reads the queue's depth while a drain runs. */
    private static final long PROGRESS_MILLIS = 200;

    @Mixin
    OneBackendOptions on;

    @Option(names = "--stores", split = ",", paramLabel = "STORE",
            description = "contacts, credits, tokens (comma-separated); default every migrating store.")
    List<String> stores = new ArrayList<>();

    @Override
    public Integer call() {
        SideConfig config = side("on", on.backend, on.config);
        try (Migrations migrations = Migrations.open(config, List.of(storeKinds(stores)), Path.of(".stowage"))) {
            StringBuilder table = new StringBuilder(String.format("%-9s %-11s %8s %9s %7s %6s%n", "store", "stage",
                    "queued", "repaired", "failed", "left"));
            StringBuilder out = new StringBuilder("{\"format\":\"stowage-repair\",\"version\":1,\"stores\":[");
            long failedOrLeft = 0;
            for (Map.Entry<StoreKind, SwitchingBackend> entry : migrations.switching().entrySet()) {
                StoreKind store = entry.getKey();
                SwitchingBackend sw = entry.getValue();
                long queued = sw.repairQueue().size(store);
                Reconciler.Drain drain = drain(store, sw, queued);
                long left = sw.repairQueue().size(store);
                failedOrLeft += drain.failed() + left;
                table.append(String.format("%-9s %-11s %8d %9d %7d %6d%n", store, sw.stage(store), queued,
                        drain.repaired(), drain.failed(), left));
                out.append("{\"store\":\"").append(store).append("\",\"stage\":\"").append(sw.stage(store))
                        .append("\",\"queued\":").append(queued).append(",\"repaired\":").append(drain.repaired())
                        .append(",\"failed\":").append(drain.failed()).append(",\"left\":").append(left).append("},");
            }
            out.setLength(out.length() - 1);
            print(json ? out.append("]}").toString() : table.toString());
            return failedOrLeft == 0 ? OK : FAILED;
        }
    }

    /** One drain, its progress read from the queue's depth while it runs. */
    private Reconciler.Drain drain(StoreKind store, SwitchingBackend sw, long queued) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stowage-repair-progress");
            thread.setDaemon(true);
            return thread;
        });
        try (ProgressDisplay display = display("repair " + store.name().toLowerCase(Locale.ROOT))) {
            display.update(0, queued, "re-copying queued keys");
            ticker.scheduleAtFixedRate(() -> {
                try {
                    display.update(Math.max(0, queued - sw.repairQueue().size(store)), queued, "re-copying queued keys");
                } catch (RuntimeException ignored) {
                    // the depth is read again at the next tick
                }
            }, PROGRESS_MILLIS, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
            Reconciler.Drain drain = sw.reconciler().drain(store);
            ticker.shutdownNow();
            display.update(drain.repaired(), queued, "done");
            return drain;
        } finally {
            ticker.shutdownNow();
        }
    }
}
