package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.encryption.Reencryption;
import dev.stowage.support.Check;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stowage reencrypt}: moves every stored credential secret of the token store to the
 * active key of the keyring ({@link Reencryption}), tenant by tenant, so that old keys can then be
 * removed from the configuration.
 */
@Command(name = "reencrypt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rewrite every credential secret of the token store of --on under the active encryption key "
                + "(stowage.tokens.encryption.active-key; the keyring must still hold every key in use), and encrypt "
                + "those stored in clear. Run it after adding a new active key; once it reports nothing left, the old "
                + "keys can be removed. Interrupted, it is run again: what is done is skipped.",
                "Exit 0 when done, 2 on a usage error (no encryption configured), 3 when the server does not answer."})
final class ReencryptCommand extends StowageCommand {

    @Mixin
    OneBackendOptions on;

    @Option(names = "--tenant", split = ",", paramLabel = "TENANT",
            description = "Tenants to rewrite; default every tenant the backend lists.")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Credentials read and rewritten per batch, 1..10000; default ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() {
        if (batchSize < 1 || batchSize > Check.MAX_BATCH_LIMIT) {
            throw new CliUsageException("--batch-size must be 1.." + Check.MAX_BATCH_LIMIT + ", not " + batchSize);
        }
        SideConfig config = side("on", on.backend, on.config);
        try (Stores stores = open(config)) {
            EncryptingBackend encrypting = stores.tokensBackend().unwrap(EncryptingBackend.class)
                    .orElseThrow(() -> new CliUsageException("the token store of --on " + config.backend()
                            + " has no encryption configured: set stowage.tokens.encryption.active-key and"
                            + " stowage.tokens.encryption.keys.<id> (base64 AES keys) in --on-config"));
            Reencryption job = encrypting.reencryption();
            List<TenantId> chosen = tenantsOr(tenants, encrypting);
            Map<String, Reencryption.Progress> done = new LinkedHashMap<>();
            for (TenantId tenant : chosen) {
                done.put(tenant.value(), job.tenant(tenant, batchSize));
            }
            print(json ? json(config, done) : table(done));
            return OK;
        }
    }

    private static String table(Map<String, Reencryption.Progress> done) {
        String row = "%-24s %10s %12s %10s%n";
        StringBuilder out = new StringBuilder(String.format(row, "tenant", "read", "reencrypted", "overtaken"));
        long read = 0;
        long rewritten = 0;
        long overtaken = 0;
        for (Map.Entry<String, Reencryption.Progress> tenant : done.entrySet()) {
            Reencryption.Progress progress = tenant.getValue();
            out.append(String.format(row, tenant.getKey(), progress.read(), progress.reencrypted(), progress.overtaken()));
            read += progress.read();
            rewritten += progress.reencrypted();
            overtaken += progress.overtaken();
        }
        return out.append(String.format(row, "total", read, rewritten, overtaken)).toString();
    }

    private static String json(SideConfig config, Map<String, Reencryption.Progress> done) {
        StringBuilder out = new StringBuilder("{\"format\":\"stowage-reencrypt\",\"version\":1,\"backend\":\"")
                .append(config.backend()).append("\",\"tenants\":{");
        String separator = "";
        for (Map.Entry<String, Reencryption.Progress> tenant : done.entrySet()) {
            Reencryption.Progress progress = tenant.getValue();
            out.append(separator).append('"').append(tenant.getKey()).append("\":{\"read\":").append(progress.read())
                    .append(",\"reencrypted\":").append(progress.reencrypted()).append(",\"overtaken\":")
                    .append(progress.overtaken()).append('}');
            separator = ",";
        }
        return out.append("}}").toString();
    }
}
