package dev.stowage.support;

import dev.stowage.exception.ValidationException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Every instant Stowage stores is truncated to microseconds, PostgreSQL's precision, so a value
 * round-trips exactly through every backend. Instants must lie within years 1..9999 for the same
 * reason.
 */
public final class Timestamps {

    /** The earliest instant a store accepts. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest instant a store accepts. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Timestamps() {
    }

    /**
     * @param clock the store's clock
     * @return the clock's current instant, truncated to microseconds
     */
    public static Instant now(Clock clock) {
        return truncate(clock.instant());
    }

    /**
     * @param instant an instant, or {@code null}
     * @return the instant truncated to microseconds, or {@code null}
     * @throws ValidationException if the instant lies outside years 1..9999
     */
    public static Instant truncate(Instant instant) {
        return truncate(instant, "instant");
    }

    /**
     * @param instant an instant, or {@code null}
     * @param field   the field's name for the error
     * @return the instant truncated to microseconds, or {@code null}
     * @throws ValidationException naming {@code field} if the instant lies outside years 1..9999
     */
    public static Instant truncate(Instant instant, String field) {
        if (instant == null) {
            return null;
        }
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new ValidationException(field, "range", "must lie within the years 1 to 9999");
        }
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * @param instant an instant within {@link #MIN}..{@link #MAX}
     * @return microseconds since the epoch
     */
    public static long toEpochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /**
     * @param micros microseconds since the epoch
     * @return the instant
     */
    public static Instant ofEpochMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
