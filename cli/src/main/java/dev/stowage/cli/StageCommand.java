package dev.stowage.cli;

import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.Stage;
import dev.stowage.migration.switching.StageController;
import dev.stowage.migration.switching.SwitchingBackend;
import dev.stowage.migration.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code stowage stage}: shows and changes the stage of an application's migrating stores through
 * the gates of their {@link StageController}s. With {@code stowage.<store>.migration.flag=shared}
 * a change goes through the PostgreSQL control record, fenced, so every running instance follows it.
 */
@Command(name = "stage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show or change the stage of the migrating stores of an application's configuration "
                + "(--on-config FILE with stowage.<store>.migration.to, flag=shared and control.url).",
                "  show              stage, repair-queue depth and last verification of every migrating store",
                "  advance           one stage forward: verifies first (drain, then every record compared), and the "
                        + "gate refuses unless VALIDATED with an empty repair queue",
                "  back              one stage back (allowed before COMPLETE; across LIVE -> SHADOW the repair queue "
                        + "is drained first)",
                "  set STAGE         advance or back one stage at a time until STAGE (off, dual-write, shadow, live, "
                        + "ramp-down, complete)",
                "  backfill          copy the store from the authoritative backend to the other (in DUAL_WRITE, "
                        + "before the verification)",
                "Exit 0 done, 1 a gate refused (the message says why; the stage stays), 2 usage, 3 unavailable."})
final class StageCommand extends StowageCommand {

    @Parameters(index = "0", paramLabel = "ACTION", description = "show, advance, back, set, backfill")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STAGE", description = "The stage of 'set'.")
    String target;

    @Mixin
    OneBackendOptions on;

    @Option(names = "--stores", split = ",", paramLabel = "STORE",
            description = "contacts, credits, tokens (comma-separated); default every migrating store.")
    List<String> stores = new ArrayList<>();

    @Option(names = "--no-verify", description = "advance without verifying first (the gate then refuses unless "
            + "the stage is OFF).")
    boolean noVerify;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".stowage",
            description = "Where the last verification per migration and store is kept (DIR/verifications); "
                    + "default ${DEFAULT-VALUE}.")
    Path stateDir;

    @Override
    public Integer call() {
        String verb = action.toLowerCase(Locale.ROOT);
        Stage wanted = null;
        if (verb.equals("set")) {
            wanted = parse(target);
            if (wanted == null) {
                throw new CliUsageException("stage set needs a stage: off, dual-write, shadow, live, ramp-down or complete"
                        + (target == null ? "" : ", not '" + target + "'"));
            }
        } else if (!List.of("show", "advance", "back", "backfill").contains(verb)) {
            throw new CliUsageException("stage takes show, advance, back, set STAGE or backfill, not '" + action + "'");
        } else if (target != null) {
            throw new CliUsageException("only 'stage set' takes a stage; 'stage " + verb + "' takes none");
        }
        SideConfig config = side("on", on.backend, on.config);
        try (Migrations migrations = Migrations.open(config, List.of(storeKinds(stores)), stateDir)) {
            if (verb.equals("show")) {
                print(show(migrations));
                return OK;
            }
            for (Map.Entry<StoreKind, SwitchingBackend> entry : migrations.switching().entrySet()) {
                StoreKind store = entry.getKey();
                StageController controller = entry.getValue().controller(store);
                switch (verb) {
                    case "advance" -> advance(migrations, store, controller);
                    case "back" -> step(store, controller, false);
                    case "backfill" -> backfill(store, controller);
                    default -> {
                        while (controller.stage() != wanted) {
                            if (controller.stage().ordinal() < wanted.ordinal()) {
                                advance(migrations, store, controller);
                            } else {
                                step(store, controller, false);
                            }
                        }
                    }
                }
            }
            if (!json) {
                print(show(migrations));
            }
            return OK;
        }
    }

    /** {@code dual-write}, {@code DUAL_WRITE} and {@code dual_write} alike; null if none. */
    private static Stage parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Stage.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void advance(Migrations migrations, StoreKind store, StageController controller) {
        if (controller.stage() != Stage.OFF && !noVerify) {
            context.err.println(store + ": verifying before advancing from " + controller.stage() + " ...");
            VerificationReport report = controller.verify();
            migrations.recordVerification(store, report);
            if (!json) {
                print(report.toTable());
            }
        }
        step(store, controller, true);
    }

    private void step(StoreKind store, StageController controller, boolean forward) {
        Stage before = controller.stage();
        Stage after = forward ? controller.advance() : controller.back();
        print(json ? "{\"store\":\"" + store + "\",\"from\":\"" + before + "\",\"to\":\"" + after + "\"}"
                : store + ": " + before + " -> " + after);
    }

    private void backfill(StoreKind store, StageController controller) {
        MigrationReport report;
        try (ProgressDisplay display = display("backfill " + store.name().toLowerCase(Locale.ROOT))) {
            display.update(0, -1, "copying from the authoritative backend");
            report = controller.backfill();
            display.update(report.totals(store).read(), report.totals(store).read(), "done");
        }
        print(json ? report.toJson() : report.toTable());
    }

    private String show(Migrations migrations) {
        StringBuilder table = new StringBuilder(String.format("%-9s %-11s %-9s %-9s %12s  %s%n", "store", "stage", "old",
                "new", "repair queue", "last verification"));
        StringBuilder out = new StringBuilder("{\"format\":\"stowage-stages\",\"version\":1,\"stores\":[");
        migrations.switching().forEach((store, sw) -> {
            long depth = sw.repairQueue().size(store);
            String last = migrations.lastVerification(store)
                    .map(report -> report.state(store) + " at " + report.finishedAt()).orElse("none");
            table.append(String.format("%-9s %-11s %-9s %-9s %12d  %s%n", store, sw.stage(store), sw.oldBackend().name(),
                    sw.newBackend().name(), depth, last));
            out.append("{\"store\":\"").append(store).append("\",\"stage\":\"").append(sw.stage(store))
                    .append("\",\"old\":\"").append(sw.oldBackend().name()).append("\",\"new\":\"")
                    .append(sw.newBackend().name()).append("\",\"repairQueue\":").append(depth)
                    .append(",\"lastVerification\":\"").append(last).append("\"},");
        });
        out.setLength(out.length() - 1);
        return json ? out.append("]}").toString() : table.toString();
    }
}
