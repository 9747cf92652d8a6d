package dev.stowage.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link ClockTicker} for the system clock that answers Caffeine from a reading taken once per
 * {@link #PERIOD}, so a cache hit reads one volatile field instead of the clock. Entries may so
 * live up to a period (plus any delay of the sampling thread) past their TTL; nothing depends on
 * more precision: a credential is checked against the clock itself before it is served
 * ({@link CacheRuntime#isExpired}), and writes through the decorator invalidate whatever the TTL.
 * Only for the system clock: a test's clock must be read on every call, or moving it would not
 * age the entries at once.
 *
 * <p>All tickers of the JVM share one daemon thread, {@value #THREAD_NAME}: an application that
 * opens many caches pays one wake-up per period, not one per cache. The first ticker starts it and
 * the last {@link #close} stops it, so no thread is left once every cache is closed.
 */
final class SampledClockTicker extends ClockTicker {

    /** How often the clock is read. */
    static final Duration PERIOD = Duration.ofMillis(1);

    /** The name of the sampling thread. */
    static final String THREAD_NAME = "stowage-cache-clock";

    private static final Clock SYSTEM = Clock.systemUTC();
    private static final Class<?> SYSTEM_CLOCK = SYSTEM.getClass();

    private static final Object LOCK = new Object();
    /** Guarded by {@link #LOCK}: the open tickers, and the thread sampling for them (null at none). */
    private static int openTickers;
    private static Sampler sampler;
    /** The system clock's last reading, in nanoseconds since the epoch (a long holds them until 2262). */
    private static volatile long sampledEpochNanos;

    private final long originEpochNanos;
    /** Guarded by {@link #LOCK}, so a second close does not stop the thread under another ticker. */
    private boolean closed;

    /**
     * @param clock the system clock
     */
    SampledClockTicker(Clock clock) {
        super(clock);
        // nanosAt(EPOCH) is minus this ticker's origin on the epoch's scale.
        originEpochNanos = -nanosAt(Instant.EPOCH);
        synchronized (LOCK) {
            if (openTickers++ == 0) {
                sampledEpochNanos = readSystemClock();
                sampler = new Sampler();
            }
        }
    }

    /**
     * @param clock a clock
     * @return whether it is the system clock (in any zone), which this ticker samples
     */
    static boolean samples(Clock clock) {
        return clock.getClass() == SYSTEM_CLOCK;
    }

    /** @return the last reading, at most about a {@link #PERIOD} old, on this ticker's scale */
    @Override
    public long read() {
        return sampledEpochNanos - originEpochNanos;
    }

    /** Releases the sampling thread; the last open ticker's close stops it and waits for it to end. */
    @Override
    void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            if (--openTickers == 0) {
                sampler.stop();
                sampler = null;
            }
        }
    }

    private static long readSystemClock() {
        Instant now = SYSTEM.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** One run of the sampling thread; a stopped one never runs again (a new ticker starts another). */
    private static final class Sampler {

        private final Thread thread;
        private volatile boolean stopped;

        Sampler() {
            thread = new Thread(this::sample, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            long period = PERIOD.toNanos();
            while (!stopped) {
                sampledEpochNanos = readSystemClock();
                LockSupport.parkNanos(this, period);
            }
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
