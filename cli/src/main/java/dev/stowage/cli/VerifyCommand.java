package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationListener;
import dev.stowage.migration.verify.VerificationProgress;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code stowage verify}: every record of both sides compared, key by key.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare every record of the source with the target, key by key (none sampled), and print "
                + "the verification table with the keys that differ.",
                "Exit 0 when VALIDATED, 1 on any mismatch, 2 on a usage error, 3 when a server does not answer."})
final class VerifyCommand extends StowageCommand {

    @Option(names = "--from", paramLabel = "BACKEND", description = "The side holding the data of record.")
    String from;

    @Option(names = "--to", paramLabel = "BACKEND", description = "The side that should hold the same.")
    String to;

    @Option(names = "--from-config", paramLabel = "FILE", description = "The source's own stowage.* properties file.")
    List<java.nio.file.Path> fromConfig = new ArrayList<>();

    @Option(names = "--to-config", paramLabel = "FILE", description = "The target's own stowage.* properties file.")
    List<java.nio.file.Path> toConfig = new ArrayList<>();

    @Option(names = "--stores", split = ",", paramLabel = "STORE",
            description = "contacts, credits, tokens (comma-separated); default all.")
    List<String> stores = new ArrayList<>();

    @Option(names = "--tenant", split = ",", paramLabel = "TENANT",
            description = "Tenants to verify; default every tenant either side lists.")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--max-keys", defaultValue = "100",
            description = "Mismatching keys listed per kind of records and tenant; default ${DEFAULT-VALUE}.")
    int maxKeys;

    @Override
    public Integer call() {
        SideConfig source = side("from", from, fromConfig);
        SideConfig target = side("to", to, toConfig);
        try (Resources resources = new Resources()) {
            Stores left = resources.add(open(source));
            Stores right = resources.add(open(target));
            Verification verification = Verification.of(left, right).maxReportedKeys(maxKeys);
            if (!stores.isEmpty()) {
                verification.stores(storeKinds(stores));
            }
            if (!tenants.isEmpty()) {
                verification.tenants(tenantIds(tenants));
            }
            VerificationReport report;
            context.onStop(verification::stop);
            try (ProgressDisplay display = display("verify")) {
                verification.listener(new VerificationListener() {
                    private long done;
                    private long base;

                    @Override
                    public void progress(VerificationProgress progress) {
                        done = base + Math.max(progress.sourceRead(), progress.targetRead());
                        display.update(done, -1, progress.records().label() + " " + progress.tenant().value()
                                .toLowerCase(Locale.ROOT));
                    }

                    @Override
                    public void finished(dev.stowage.migration.verify.RecordsResult result) {
                        base = done;
                    }
                });
                report = verification.run();
            } finally {
                context.onStop(null);
            }
            print(json ? report.toJson() : report.toTable());
            return report.state() == VerificationState.VALIDATED ? OK : FAILED;
        }
    }
}
