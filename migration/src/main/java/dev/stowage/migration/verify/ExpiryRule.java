package dev.stowage.migration.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When an expiring item (a credential; later refresh tokens and denylist entries) counts as
 * present: only if it is still unexpired {@code tolerance} after the verifier's clock reads now,
 * at the moment its key is compared. An item that has expired, or expires within the tolerance,
 * counts as absent on that side, whatever the other side holds.
 * <p>
 * Why this gives no false mismatch across an expiry instant: both scans ran before the compare,
 * so an item the compare counts as present was unexpired when each side was read; a side that
 * did not return it therefore lacks it. An item that expired in between counts as absent on both
 * sides. The tolerance absorbs clocks that disagree slightly (a store's clock against a Redis
 * server's TTL clock).
 */
record ExpiryRule(Clock clock, Duration tolerance) {

    /**
     * @param expiresAt an item's expiry, {@code null} for never
     * @return whether the item counts as present now
     */
    boolean counts(Instant expiresAt) {
        return expiresAt == null || expiresAt.isAfter(clock.instant().plus(tolerance));
    }
}
