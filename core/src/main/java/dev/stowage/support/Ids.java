package dev.stowage.support;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.UUID;

/**
 * Identifiers: time-ordered UUID version 7 (RFC 9562) and the unsigned ordering every backend
 * uses for UUIDs. PostgreSQL compares {@code uuid} values as unsigned bytes and so does the
 * canonical lower-case text form; {@link UUID#compareTo} compares signed longs and disagrees, so
 * never use it for an order a backend must reproduce.
 */
public final class Ids {

    /** Orders UUIDs as unsigned 128-bit numbers, equal to their canonical text order. */
    public static final Comparator<UUID> UNSIGNED_ORDER = Comparator
            .comparing((UUID id) -> id.getMostSignificantBits(), Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object LOCK = new Object();
    private static long lastMillis = -1;
    private static long counter;

    private Ids() {
    }

    /**
     * A new UUIDv7 whose timestamp is the clock's current millisecond. Ids from one JVM are
     * strictly increasing in {@link #UNSIGNED_ORDER}, even within one millisecond or when the
     * clock stands still: a 12-bit counter, seeded randomly, fills {@code rand_a} and spills into
     * the timestamp if it overflows.
     *
     * @param clock the store's clock
     * @return a new, unique id
     */
    public static UUID timeOrdered(Clock clock) {
        long millis;
        long sequence;
        synchronized (LOCK) {
            millis = Math.max(clock.millis(), lastMillis);
            if (millis == lastMillis) {
                counter++;
                if (counter > 0xFFF) {
                    millis++;
                    counter = RANDOM.nextInt(0x800);
                }
            } else {
                counter = RANDOM.nextInt(0x800);
            }
            lastMillis = millis;
            sequence = counter;
        }
        long msb = (millis << 16) | 0x7000L | sequence;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
