package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.migration.checkpoint.CheckpointStore;
import dev.stowage.migration.checkpoint.FileCheckpointStore;
import dev.stowage.migration.checkpoint.PostgresCheckpointStore;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TestServers;
import org.postgresql.ds.PGSimpleDataSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The copy as the child JVMs of the crash, shared-run and large-copy tests run it. Arguments are
 * {@code key=value}: {@code source=redis:<prefix>|postgres:<schema>|synthetic:<count>},
 * {@code target=postgres:<schema>}, {@code checkpoints=file:<dir>|postgres:<schema>:<lease seconds>},
 * {@code run}, {@code batch}, {@code workers}, {@code ranges}, {@code stores}, {@code report=<file>},
 * {@code gate=<file>} (wait for the file to exist before copying, so that several children start
 * together). Prints {@code STARTED}, then {@code PROGRESS <store> <processed>} after each batch, then
 * {@code HEAP <largest heap use right after a collection, in bytes>} and {@code DONE}; exits 0 on success, 1 on failure.
 */
public final class CopyProcess {

    private CopyProcess() {
    }

    /**
     * @param args {@code key=value} arguments
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        Arrays.stream(args).map(arg -> arg.split("=", 2)).forEach(kv -> options.put(kv[0], kv[1]));
        Clock clock = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
        StoreBackend source = backend(options.get("source"), clock);
        StoreBackend target = backend(options.get("target"), clock);
        CheckpointStore checkpoints = checkpoints(options.get("checkpoints"));
        long[] liveAfterCollection = new long[1];
        Thread sampler = new Thread(() -> {
            while (true) {
                long live = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                        live += pool.getCollectionUsage().getUsed();
                    }
                }
                synchronized (liveAfterCollection) {
                    liveAfterCollection[0] = Math.max(liveAfterCollection[0], live);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            System.out.println("STARTED");
            if (options.containsKey("gate")) {
                Path gate = Path.of(options.get("gate"));
                while (!Files.exists(gate)) {
                    Thread.sleep(5);
                }
            }
            Migration.Builder migration = Migration.from(source).to(target).checkpoints(checkpoints)
                    .runId(options.getOrDefault("run", "child"))
                    .batchSize(Integer.parseInt(options.getOrDefault("batch", "500")))
                    .workers(Integer.parseInt(options.getOrDefault("workers", "2")))
                    .ranges(Integer.parseInt(options.getOrDefault("ranges", "8")))
                    .listener(event -> System.out.println("PROGRESS " + event.store() + " " + event.counts().processed()));
            if (options.containsKey("stores")) {
                migration.stores(Arrays.stream(options.get("stores").split(",")).map(StoreKind::valueOf)
                        .toArray(StoreKind[]::new));
            }
            if (options.containsKey("tenants")) {
                migration.tenants(Arrays.stream(options.get("tenants").split(",")).map(TenantId::of)
                        .toArray(TenantId[]::new));
            }
            MigrationReport report = migration.run();
            if (options.containsKey("report")) {
                Files.writeString(Path.of(options.get("report")), report.toJson());
            }
            synchronized (liveAfterCollection) {
                System.out.println("HEAP " + liveAfterCollection[0]);
            }
            System.out.println("DONE");
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        } finally {
            checkpoints.close();
            source.close();
            target.close();
        }
        System.exit(0);
    }

    static StoreBackend backend(String spec, Clock clock) {
        String[] parts = spec.split(":", 2);
        return switch (parts[0]) {
            case "postgres" -> TestBackend.postgres(parts[1], clock);
            case "redis" -> RedisStores.builder(TestServers.redisUri()).prefix(parts[1]).clock(clock)
                    .commandTimeout(Duration.ofSeconds(10)).buildBackend();
            case "synthetic" -> new SyntheticContacts(Long.parseLong(parts[1]));
            default -> throw new IllegalArgumentException("unknown backend " + spec);
        };
    }

    static CheckpointStore checkpoints(String spec) {
        String[] parts = spec.split(":");
        if (parts[0].equals("file")) {
            return FileCheckpointStore.in(Path.of(spec.substring("file:".length())));
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestServers.postgresUrl());
        return PostgresCheckpointStore.builder(dataSource).schema(parts[1])
                .lease(Duration.ofSeconds(Long.parseLong(parts[2]))).build();
    }
}
