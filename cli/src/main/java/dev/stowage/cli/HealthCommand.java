package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.spi.StoreBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code stowage health}: opens a backend and reads from it once.
 */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open a backend (connect, check its schema) and read from every store's backend once; "
                + "print how long each took and how many tenants it lists.",
                "Exit 0 when it answers, 2 on a usage error, 3 when it does not answer."})
final class HealthCommand extends StowageCommand {

    @Mixin
    OneBackendOptions on;

    @Override
    public Integer call() {
        SideConfig config = side("on", on.backend, on.config);
        long start = System.nanoTime();
        try (Stores stores = open(config)) {
            long opened = System.nanoTime();
            StringBuilder table = new StringBuilder(String.format("%-10s %-40s %8s %10s %8s%n",
                    "backend", "address", "state", "latency", "tenants"));
            StringBuilder json = new StringBuilder("{\"format\":\"stowage-health\",\"version\":1,\"openMillis\":")
                    .append((opened - start) / 1_000_000).append(",\"backends\":[");
            for (StoreBackend backend : stores.backends()) {
                long before = System.nanoTime();
                String tenants;
                try {
                    tenants = Integer.toString(backend.tenants().size());
                } catch (UnsupportedCapabilityException e) {
                    backend.contacts(dev.stowage.TenantId.DEFAULT).scan(null, 1);
                    tenants = "n/a";
                }
                double millis = (System.nanoTime() - before) / 1e6;
                table.append(String.format("%-10s %-40s %8s %8.1fms %8s%n", backend.name(), config.address(backend.name()), "up",
                        millis, tenants));
                json.append("{\"backend\":\"").append(backend.name()).append("\",\"state\":\"up\",\"latencyMillis\":")
                        .append(String.format(java.util.Locale.ROOT, "%.1f", millis)).append(",\"tenants\":\"")
                        .append(tenants).append("\"},");
            }
            json.setLength(json.length() - 1);
            print(this.json ? json.append("]}").toString() : table.toString());
            return OK;
        }
    }
}
