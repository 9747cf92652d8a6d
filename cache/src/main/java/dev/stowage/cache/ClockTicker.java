package dev.stowage.cache;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Caffeine's time source: the stores' {@link Clock} as nanoseconds since this ticker was made, so
 * entry ages follow the same clock as every other expiry decision (a test's mutable clock too).
 * Caffeine reads it on every lookup of an expiring cache; reading the system clock costs more
 * than a whole cache hit, so for the system clock {@link #forClock} hands out a
 * {@link SampledClockTicker}, which reads the clock once a millisecond instead.
 */
class ClockTicker implements Ticker {

    /** About 290 years either way fit in a long of nanoseconds; beyond that, readings saturate. */
    private static final long MAX_SECONDS = 9_000_000_000L;

    private final Clock clock;
    private final long originSecond;
    private final int originNano;

    /**
     * @param clock the stores' clock; its current instant is this ticker's zero
     */
    ClockTicker(Clock clock) {
        this.clock = clock;
        Instant origin = clock.instant();
        this.originSecond = origin.getEpochSecond();
        this.originNano = origin.getNano();
    }

    /**
     * @param clock the stores' clock
     * @return the ticker for that clock: sampled for the system clock, read on every call for any other
     */
    static ClockTicker forClock(Clock clock) {
        return SampledClockTicker.samples(clock) ? new SampledClockTicker(clock) : new ClockTicker(clock);
    }

    @Override
    public long read() {
        return nanosAt(clock.instant());
    }

    /**
     * Stops whatever this ticker runs (nothing here); readings after it are undefined.
     */
    void close() {
    }

    /**
     * @param instant an instant by the stores' clock, e.g. a credential's expiry
     * @return it on this ticker's scale, saturated far from the origin
     */
    long nanosAt(Instant instant) {
        long seconds = instant.getEpochSecond() - originSecond;
        if (seconds > MAX_SECONDS) {
            return Long.MAX_VALUE / 2;
        }
        if (seconds < -MAX_SECONDS) {
            return Long.MIN_VALUE / 2;
        }
        return seconds * 1_000_000_000L + (instant.getNano() - originNano);
    }

    /**
     * @param duration a duration, perhaps too long for a long of nanoseconds
     * @return its nanoseconds, saturated
     */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
