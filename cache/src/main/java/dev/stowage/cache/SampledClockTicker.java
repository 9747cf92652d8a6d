package dev.stowage.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link ClockTicker} for the system clock that reads the clock on a thread of its own once per
 * {@link #PERIOD} and answers Caffeine from that reading, so a cache hit reads one volatile field
 * instead of the clock. Entries may so live up to a period (plus any delay of that thread) past
 * their TTL; nothing depends on more precision: a credential is checked against the clock itself
 * before it is served ({@link CacheRuntime#isExpired}), and writes through the decorator
 * invalidate whatever the TTL. Only for the system clock: a test's clock must be read on every
 * call, or moving it would not age the entries at once. {@link #close} stops the thread.
 */
final class SampledClockTicker extends ClockTicker {

    /** How often the clock is read. */
    static final Duration PERIOD = Duration.ofMillis(1);

    private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();

    private final Thread sampler;
    private volatile long now;
    private volatile boolean closed;

    /**
     * @param clock  the system clock
     * @param nodeId the cache's node id, in the thread's name
     */
    SampledClockTicker(Clock clock, String nodeId) {
        super(clock);
        now = super.read();
        sampler = new Thread(this::sample, "stowage-cache-clock-" + nodeId);
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * @param clock a clock
     * @return whether it is the system clock (in any zone), which this ticker samples
     */
    static boolean samples(Clock clock) {
        return clock.getClass() == SYSTEM_CLOCK;
    }

    private void sample() {
        long period = PERIOD.toNanos();
        while (!closed) {
            now = super.read();
            LockSupport.parkNanos(this, period);
        }
    }

    /** @return the last reading, at most about a {@link #PERIOD} old */
    @Override
    public long read() {
        return now;
    }

    /** Stops the sampling thread and waits for it to end. */
    @Override
    void close() {
        closed = true;
        LockSupport.unpark(sampler);
        try {
            sampler.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
