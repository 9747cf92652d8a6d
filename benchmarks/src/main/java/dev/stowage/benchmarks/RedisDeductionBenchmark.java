package dev.stowage.benchmarks;

import dev.stowage.TenantId;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent deductions of one credit from one account by 4 threads: Stowage's {@code post}
 * ({@link #stowageDeduct}) against a minimal Lua script doing the same checks and writes
 * ({@link #rawDeduct}: the balance check, balance, used total, sequence, updatedAt, the ledger
 * entry as JSON built in Java), over one shared Lettuce connection as Stowage uses. The target
 * is Stowage at ≥ 0.7× the raw throughput. At the end of each trial the balance must equal the
 * start minus every successful deduction on both sides: zero lost updates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class RedisDeductionBenchmark {

    private static final long START_BALANCE = 1_000_000_000_000L;
    private static final String ACCOUNT = "bench-account";
    /** The minimal script: no replay key, no idempotency, the same balance check and writes. */
    private static final String MINIMAL = """
            local balance = redis.call('HGET', KEYS[1], 'balance')
            if tonumber(ARGV[1]) > tonumber(balance) then
              return {'INSUFFICIENT'}
            end
            redis.call('HINCRBY', KEYS[1], 'balance', -tonumber(ARGV[1]))
            redis.call('HINCRBY', KEYS[1], 'used', ARGV[1])
            local sequence = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('HSET', KEYS[1], 'updated', ARGV[2])
            redis.call('HSET', KEYS[2], sequence, ARGV[3])
            return {'POSTED', tostring(sequence)}
            """;

    /** The comparisons of this class for the runner's table. */
    public static List<Comparison> comparisons() {
        return List.of(new Comparison("Redis deductions, 4 threads (vs a minimal script)", RedisDeductionBenchmark.class,
                "stowageDeduct", "rawDeduct", Map.of(), Target.throughputAtLeast(0.7)));
    }

    private final String prefix = "bench-deduct-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong stowageDeducted = new AtomicLong();
    private final AtomicLong rawDeducted = new AtomicLong();
    private StoreBackend backend;
    private CreditStore credits;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> commands;
    private String minimalSha;
    private String rawAccount;
    private String rawLedger;

    @Setup(Level.Trial)
    public void setUp() {
        backend = BenchmarkServers.redis(prefix);
        credits = backend.credits(TenantId.DEFAULT);
        credits.post(Posting.purchase(ACCOUNT, START_BALANCE));
        client = RedisClient.create(TestServers.redisUri());
        connection = client.connect();
        commands = connection.sync();
        minimalSha = commands.scriptLoad(MINIMAL);
        rawAccount = "{" + prefix + ":raw}:a";
        rawLedger = "{" + prefix + ":raw}:ledger";
        commands.hset(rawAccount, Map.of("balance", Long.toString(START_BALANCE), "used", "0", "seq", "0",
                "updated", "0"));
    }

    @Benchmark
    public LedgerEntry stowageDeduct() {
        LedgerEntry entry = credits.post(Posting.deduction(ACCOUNT, 1));
        stowageDeducted.incrementAndGet();
        return entry;
    }

    @Benchmark
    public List<String> rawDeduct() {
        String entry = "{\"id\":\"" + UUID.randomUUID() + "\",\"accountId\":\"" + ACCOUNT
                + "\",\"type\":\"DEDUCTION\",\"amount\":-1,\"metadata\":{},\"createdAt\":"
                + Instant.now().toEpochMilli() * 1000 + "}";
        List<String> reply = commands.evalsha(minimalSha, ScriptOutputType.MULTI, new String[] {rawAccount, rawLedger},
                "1", Long.toString(System.currentTimeMillis()), entry);
        if (!"POSTED".equals(reply.get(0))) {
            throw new IllegalStateException("the minimal script refused a deduction: " + reply);
        }
        rawDeducted.incrementAndGet();
        return reply;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            long stowageBalance = credits.account(ACCOUNT).orElseThrow().balance();
            long rawBalance = Long.parseLong(commands.hget(rawAccount, "balance"));
            if (stowageBalance != START_BALANCE - stowageDeducted.get() || rawBalance != START_BALANCE - rawDeducted.get()) {
                throw new IllegalStateException("lost updates: Stowage balance " + stowageBalance + " after "
                        + stowageDeducted.get() + " deductions, raw " + rawBalance + " after " + rawDeducted.get());
            }
        } finally {
            commands.unlink(rawAccount, rawLedger);
            connection.close();
            client.shutdown();
            backend.close();
            BenchmarkServers.deleteRedisPrefix(prefix);
        }
    }
}
