package dev.stowage.examples.online;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.MemoryRepairQueue;
import dev.stowage.migration.switching.ProgrammaticStageSource;
import dev.stowage.migration.switching.Stage;
import dev.stowage.migration.switching.StageController;
import dev.stowage.migration.switching.SwitchingBackend;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The online migration walkthrough: a few writer threads keep writing contacts and credits while
 * every store moves through every stage of the switching backend, OFF → DUAL_WRITE (with a
 * backfill of what the old store held) → SHADOW → LIVE → RAMP_DOWN → COMPLETE, each step taken
 * only after a VALIDATED verification; on the way it rolls back from LIVE to SHADOW and goes
 * forward again. It prints each stage, the traffic so far and the verification tables, and ends
 * with the final report, VALIDATED.
 * <p>
 * In memory by default (two in-memory backends, no server); {@code --from redis --to postgres}
 * moves from Redis ({@code STOWAGE_REDIS_URI}, default {@code redis://127.0.0.1:6379}) to
 * PostgreSQL ({@code STOWAGE_POSTGRES_URL}, default the local {@code test} database as
 * {@code postgres}), in a schema and a key prefix of its own that it removes at the end.
 */
public final class OnlineMigration {

    /** The stores moved, in the order they are stepped. */
    private static final StoreKind[] STORES = StoreKind.values();
    /** Verifications under live traffic may see a write land between the two scans of its key. */
    private static final int LIVE_VERIFY_ATTEMPTS = 3;
    /** How long the writers run under each stage before the next step. */
    private static final long TRAFFIC_PER_STAGE_MILLIS = 300;

    private OnlineMigration() {
    }

    /**
     * The walkthrough's options.
     *
     * @param from        {@code memory} or {@code redis}
     * @param to          {@code memory} or {@code postgres}
     * @param writers     writer threads of live traffic
     * @param seed        contacts written before the migration starts (backfilled in DUAL_WRITE)
     * @param environment where the servers' addresses are read ({@code STOWAGE_REDIS_URI},
     *                    {@code STOWAGE_POSTGRES_URL})
     */
    public record Options(String from, String to, int writers, int seed, Map<String, String> environment) {

        /**
         * @param args        {@code [--from memory|redis] [--to memory|postgres] [--writers N] [--seed N]}
         * @param environment the process environment
         * @return the options
         * @throws IllegalArgumentException for an unknown option or value
         */
        public static Options parse(String[] args, Map<String, String> environment) {
            String from = "memory";
            String to = "memory";
            int writers = 3;
            int seed = 500;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--from" -> from = required(args[i], value);
                    case "--to" -> to = required(args[i], value);
                    case "--writers" -> writers = Integer.parseInt(required(args[i], value));
                    case "--seed" -> seed = Integer.parseInt(required(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --from memory|redis, --to memory|postgres, --writers N, --seed N");
                }
                i++;
            }
            if (!from.equals("memory") && !from.equals("redis")) {
                throw new IllegalArgumentException("--from is memory or redis, not " + from);
            }
            if (!to.equals("memory") && !to.equals("postgres")) {
                throw new IllegalArgumentException("--to is memory or postgres, not " + to);
            }
            if (writers < 1 || seed < 0) {
                throw new IllegalArgumentException("--writers must be at least 1 and --seed at least 0");
            }
            return new Options(from, to, writers, seed, Map.copyOf(environment));
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    /**
     * @param args see {@link Options#parse}
     */
    public static void main(String[] args) {
        VerificationReport report = run(Options.parse(args, System.getenv()), System.out);
        System.exit(report.state() == VerificationState.VALIDATED ? 0 : 1);
    }

    /**
     * Runs the walkthrough.
     *
     * @param options what to move where
     * @param out     where the stages, the traffic and the tables are printed
     * @return the final verification report (old against new, every store)
     */
    public static VerificationReport run(Options options, PrintStream out) {
        String space = "online_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        TenantId tenant = TenantId.of("walkthrough");
        Map<StoreKind, ProgrammaticStageSource> stages = new java.util.EnumMap<>(StoreKind.class);
        for (StoreKind store : STORES) {
            stages.put(store, ProgrammaticStageSource.startingAt(Stage.OFF));
        }
        SwitchingBackend.Builder builder = SwitchingBackend.builder(open(options.from(), options, space),
                open(options.to(), options, space)).repairQueue(new MemoryRepairQueue()).shadowRatio(0.2);
        stages.forEach(builder::stage);
        try (SwitchingBackend switching = builder.build()) {
            out.printf("Online migration %s -> %s: %d writers of live traffic, %d contacts before the start%n",
                    options.from(), options.to(), options.writers(), options.seed());
            switching.reconciler().start(java.time.Duration.ofMillis(200));
            Stores stores = Stores.of(switching).forTenant(tenant);
            Traffic.seed(stores, options.seed());
            VerificationReport last;
            try (Traffic traffic = Traffic.start(stores, options.writers())) {
                stage(out, switching, traffic, "start");
                advanceAll(out, switching);                                   // OFF -> DUAL_WRITE
                for (StoreKind store : STORES) {
                    MigrationReport backfill = switching.controller(store).backfill();
                    dev.stowage.migration.RecordCounts counts = backfill.totals(store);
                    out.printf("  backfill %-8s %d read, %d written, %d skipped (live writes were newer), %d rejected%n",
                            store, counts.read(), counts.written(), counts.skipped(), counts.rejected());
                }
                stage(out, switching, traffic, "backfilled");
                verifyAll(out, switching, traffic);
                advanceAll(out, switching);                                   // -> SHADOW
                stage(out, switching, traffic, "shadow reads compared");
                verifyAll(out, switching, traffic);
                advanceAll(out, switching);                                   // -> LIVE: the new store serves
                stage(out, switching, traffic, "the new store is authoritative");

                out.println();
                out.println("Rollback: LIVE -> SHADOW (the old store received every result, nothing is lost)");
                for (StoreKind store : STORES) {
                    switching.controller(store).back();
                }
                stage(out, switching, traffic, "rolled back");
                verifyAll(out, switching, traffic);
                advanceAll(out, switching);                                   // -> LIVE again
                stage(out, switching, traffic, "forward again");
                verifyAll(out, switching, traffic);
                advanceAll(out, switching);                                   // -> RAMP_DOWN
                stage(out, switching, traffic, "the old store still follows");
                verifyAll(out, switching, traffic);
                traffic.stop();
                out.printf("%nLive traffic stopped before COMPLETE (from then on only the new store is written):"
                        + " %d writes acknowledged, %d failed%n", traffic.acknowledged(), traffic.failures());
                if (traffic.failures() > 0) {
                    throw new IllegalStateException("writes failed during the migration: " + traffic.firstFailure());
                }
                verifyAll(out, switching, traffic);
                advanceAll(out, switching);                                   // -> COMPLETE
                stage(out, switching, traffic, "the old store no longer written");
                verifyAll(out, switching, traffic);
                for (StoreKind store : STORES) {
                    switching.controller(store).retire();
                }
                out.println("  the old backend is retired for every store");
                switching.reconciler().drainAll();
                long expected = options.seed() + traffic.contactsCreated();
                long inNew = Stores.of(switching.newBackend()).forTenant(tenant).contacts()
                        .count(dev.stowage.contact.ContactQuery.builder().build());
                out.printf("Contacts in %s: %d (every acknowledged one: %d)%n", options.to(), inNew, expected);
                last = Verification.of(switching.oldBackend(), switching.newBackend()).tenants(tenant).run();
                out.println();
                out.println("Final report:");
                out.print(last.toTable());
                out.println(last.state() == VerificationState.VALIDATED && inNew == expected
                        ? "VALIDATED: every record of " + options.from() + " is in " + options.to() + ", nothing lost"
                        : "NOT VALIDATED");
                if (inNew != expected) {
                    throw new IllegalStateException("acknowledged contacts are missing from " + options.to());
                }
                return last;
            } finally {
                switching.oldBackend().eraseTenant(tenant);
                switching.newBackend().eraseTenant(tenant);
                dropSchema(options, space);
            }
        }
    }

    /** Lets the traffic run a moment under the stage, then prints it. */
    private static void stage(PrintStream out, SwitchingBackend switching, Traffic traffic, String what) {
        pause(TRAFFIC_PER_STAGE_MILLIS);
        out.println();
        out.printf(Locale.ROOT, "== %-10s %s (%s) | traffic: %d writes acknowledged, %d failed, repair queue %d%n",
                switching.stage(StoreKind.CONTACTS), describe(switching.stage(StoreKind.CONTACTS)), what,
                traffic.acknowledged(), traffic.failures(), switching.repairQueue().size(StoreKind.CONTACTS)
                        + switching.repairQueue().size(StoreKind.CREDITS) + switching.repairQueue().size(StoreKind.TOKENS));
    }

    private static String describe(Stage stage) {
        return switch (stage) {
            case OFF -> "writes and reads: old";
            case DUAL_WRITE -> "writes: old, then replicated to new; reads: old";
            case SHADOW -> "writes: old then new; reads: old, sampled reads of new compared";
            case LIVE -> "writes: new, then replicated to old; reads: new, sampled reads of old compared";
            case RAMP_DOWN -> "writes: new then old; reads: new";
            case COMPLETE -> "writes and reads: new";
        };
    }

    /** One stage forward for every store, through the gates (a fresh VALIDATED verification, an empty repair queue). */
    private static void advanceAll(PrintStream out, SwitchingBackend switching) {
        for (StoreKind store : STORES) {
            StageController controller = switching.controller(store);
            Stage before = controller.stage();
            Stage after = controller.advance();
            out.printf("  %-8s %s -> %s%n", store, before, after);
        }
    }

    /**
     * Verifies every store through its controller (the next gate requires it) until VALIDATED. A
     * write that lands between the two scans of its key (or between an account and its ledger)
     * differs for a moment, so a few attempts run under live traffic; if busy keys keep moving,
     * the last attempt runs with the writers held for its duration. Prints one table.
     */
    private static void verifyAll(PrintStream out, SwitchingBackend switching, Traffic traffic) {
        boolean header = true;
        for (StoreKind store : STORES) {
            StageController controller = switching.controller(store);
            VerificationReport report = controller.verify();
            for (int attempt = 1; report.state(store) != VerificationState.VALIDATED && attempt < LIVE_VERIFY_ATTEMPTS;
                 attempt++) {
                pause(50);
                report = controller.verify();
            }
            String note = "";
            if (report.state(store) != VerificationState.VALIDATED) {
                report = traffic.holding(controller::verify);
                note = "   (writers held during this check: their keys kept moving)";
            }
            if (report.state(store) != VerificationState.VALIDATED) {
                throw new IllegalStateException(store + " does not verify VALIDATED:\n" + report.toTable());
            }
            if (header) {
                out.printf("  | %-9s %-22s %-12s %7s %7s %10s  %s%n", "store", "records", "tenant", "source", "target",
                        "mismatches", "state");
                header = false;
            }
            for (dev.stowage.migration.verify.RecordsResult result : report.results()) {
                out.printf("  | %-9s %-22s %-12s %7d %7d %10d  %s%s%n", store, result.records().label(),
                        result.tenant().value(), result.sourceCount(), result.targetCount(), result.mismatchCount(),
                        result.state(), note);
            }
        }
    }

    private static StoreBackend open(String backend, Options options, String space) {
        Map<String, String> env = options.environment();
        return switch (backend) {
            case "redis" -> RedisStores.builder(env.getOrDefault("STOWAGE_REDIS_URI", "redis://127.0.0.1:6379"))
                    .prefix(space.replace('_', '-')).buildBackend();
            case "postgres" -> PostgresStores.builder(postgresUrl(env)).schema(space).maxPoolSize(4).buildBackend();
            default -> InMemoryStores.backend(Clock.systemUTC());
        };
    }

    private static String postgresUrl(Map<String, String> env) {
        return env.getOrDefault("STOWAGE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    private static void dropSchema(Options options, String space) {
        if (!options.to().equals("postgres")) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(postgresUrl(options.environment()));
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + space + "\" CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop the walkthrough's schema " + space + ": " + e.getMessage());
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
