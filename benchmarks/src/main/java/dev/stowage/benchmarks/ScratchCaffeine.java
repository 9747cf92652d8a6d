package dev.stowage.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.openjdk.jmh.annotations.*;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ScratchCaffeine {
    static volatile long coarse = System.nanoTime();
    Cache<UUID, Object> plain, expiring, coarseExpiring, stats, coarseStats;
    UUID[] ids = new UUID[1024];
    int next;

    @Setup
    public void setUp() {
        plain = Caffeine.newBuilder().maximumSize(10_000).build();
        expiring = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();
        Ticker t = () -> coarse;
        coarseExpiring = Caffeine.newBuilder().maximumSize(10_000).ticker(t).expireAfterWrite(Duration.ofMinutes(5)).executor(Runnable::run).build();
        stats = Caffeine.newBuilder().maximumSize(10_000).recordStats().build();
        coarseStats = Caffeine.newBuilder().maximumSize(10_000).ticker(t).expireAfterWrite(Duration.ofMinutes(5)).executor(Runnable::run).recordStats().build();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.randomUUID();
            for (Cache<UUID, Object> c : java.util.List.of(plain, expiring, coarseExpiring, stats, coarseStats)) c.put(ids[i], "v" + i);
        }
    }
    UUID id() { UUID id = ids[next]; next = (next + 1) & 1023; return id; }
    @Benchmark public Object plain() { return plain.getIfPresent(id()); }
    @Benchmark public Object expiring() { return expiring.getIfPresent(id()); }
    @Benchmark public Object coarseExpiring() { return coarseExpiring.getIfPresent(id()); }
    @Benchmark public Object stats() { return stats.getIfPresent(id()); }
    @Benchmark public Object coarseStats() { return coarseStats.getIfPresent(id()); }
    @Benchmark public long nanoTime() { return System.nanoTime(); }
}
