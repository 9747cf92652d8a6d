package dev.stowage.spi;

import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RefreshTokenHasher;
import dev.stowage.token.RefreshTokens;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The successor a rotation issues, chosen by {@link AbstractTokenStore} and handed to
 * {@link AbstractTokenStore#rotate}: its value (handed out once), its hash (stored), and, with the
 * grace period on, the instant after which a replay of the rotated token may be answered with it.
 * The rule of the grace period lives here and in {@link RefreshTokenHasher#successorValue}; a
 * backend only evaluates {@link #answersReplay} on what it holds, atomically with the rotation
 * (a backend that cannot run Java there, a Redis script, evaluates the same four conditions
 * in the order written here). {@link #toString()} never prints the value.
 *
 * @param value      the successor's value
 * @param hash       its hash, as the store keeps it
 * @param graceStart with a grace period, now minus the period: a replay is answered only with a
 *                   successor issued strictly after it; {@code null} when no replay is answered
 *                   (grace period off, or no client id)
 */
public record RefreshSuccessor(String value, String hash, Instant graceStart) {

    /**
     * @throws NullPointerException if value or hash is missing (a bug of the base class)
     */
    public RefreshSuccessor {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * @param hasher the store's hasher
     * @return a random successor that answers no replay
     */
    static RefreshSuccessor random(RefreshTokenHasher hasher) {
        String value = RefreshTokens.newValue();
        return new RefreshSuccessor(value, hasher.hash(value), null);
    }

    /**
     * @param hasher    the store's hasher, with its grace period
     * @param presented the presented value (checked)
     * @param clientId  the presenting client (checked)
     * @param now       the store's now
     * @return the derived successor with its grace start when the grace period is on, else a random one
     */
    static RefreshSuccessor of(RefreshTokenHasher hasher, String presented, String clientId, Instant now) {
        Optional<String> derived = hasher.successorValue(presented, clientId);
        return derived.map(value -> new RefreshSuccessor(value, hasher.hash(value), now.minus(hasher.gracePeriod())))
                .orElseGet(() -> random(hasher));
    }

    /**
     * @return whether a replay of the rotated token may be answered at all
     */
    public boolean graceful() {
        return graceStart != null;
    }

    /**
     * Whether a used token presented again is answered with the token the store holds under
     * {@link #hash()} rather than revoking the family: the grace period is on, and that token
     * exists, belongs to the presented token's family, is unused, its family is not revoked, it
     * has not expired, and it was issued after {@link #graceStart()} (its issue is the rotation
     * being replayed, so this bounds the replay to the period).
     *
     * @param stored        the token held under {@link #hash()}, or {@code null} if none
     * @param family        the presented (used) token's family
     * @param used          whether {@code stored} is used
     * @param familyRevoked whether that family is revoked
     * @param now           the store's now
     * @return whether to answer with {@link #replayed(RefreshToken)} of {@code stored}
     */
    public boolean answersReplay(RefreshToken stored, UUID family, boolean used, boolean familyRevoked, Instant now) {
        return graceful() && stored != null && stored.familyId().equals(family) && !used && !familyRevoked
                && !stored.isExpiredAt(now) && stored.issuedAt().isAfter(graceStart);
    }

    /**
     * @param stored the stored successor a replay is answered with
     * @return it, with this successor's value, to hand out again
     */
    public IssuedRefreshToken replayed(RefreshToken stored) {
        return new IssuedRefreshToken(value, stored);
    }

    @Override
    public String toString() {
        return "RefreshSuccessor[value=***, hash=" + hash + ", graceStart=" + graceStart + "]";
    }
}
