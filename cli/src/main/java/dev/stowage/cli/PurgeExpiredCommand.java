package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stowage purge-expired}: reclaims the space of expired tokens, tenant by tenant.
 */
@Command(name = "purge-expired", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Remove expired credentials, refresh tokens and denylist entries from the token store of "
                + "every tenant (reads ignore them already; this reclaims space). Backends with native expiry "
                + "(Redis) may report 0.",
                "Exit 0 when done, 2 on a usage error, 3 when the server does not answer."})
final class PurgeExpiredCommand extends StowageCommand {

    @Mixin
    OneBackendOptions on;

    @Option(names = "--tenant", split = ",", paramLabel = "TENANT",
            description = "Tenants to clean; default every tenant the backend lists.")
    List<String> tenants = new ArrayList<>();

    @Override
    public Integer call() {
        SideConfig config = side("on", on.backend, on.config);
        try (Stores stores = open(config)) {
            List<TenantId> chosen = tenantsOr(tenants, stores.tokensBackend());
            Map<String, Long> removed = new LinkedHashMap<>();
            for (TenantId tenant : chosen) {
                removed.put(tenant.value(), stores.forTenant(tenant).tokens().purgeExpired());
            }
            if (json) {
                StringBuilder out = new StringBuilder("{\"format\":\"stowage-purge-expired\",\"version\":1,\"backend\":\"")
                        .append(config.backend()).append("\",\"removed\":{");
                removed.forEach((tenant, count) -> out.append('"').append(tenant).append("\":").append(count).append(','));
                if (!removed.isEmpty()) {
                    out.setLength(out.length() - 1);
                }
                print(out.append("}}").toString());
            } else {
                StringBuilder out = new StringBuilder(String.format("%-24s %10s%n", "tenant", "removed"));
                removed.forEach((tenant, count) -> out.append(String.format("%-24s %10d%n", tenant, count)));
                out.append(String.format("%-24s %10d%n", "total", removed.values().stream().mapToLong(Long::longValue).sum()));
                print(out.toString());
            }
            return OK;
        }
    }
}
