package dev.stowage.token;

import dev.stowage.support.Check;

/**
 * The outcome of presenting a refresh token for rotation.
 */
public sealed interface RotationResult {

    /**
     * The token was valid and unused; it is now used, and its successor in the same family is
     * returned.
     *
     * @param next the new token to hand to the client
     */
    record Rotated(IssuedRefreshToken next) implements RotationResult {
        /** @throws dev.stowage.exception.ValidationException {@code field "next"} if it is missing */
        public Rotated {
            Check.required(next, "next");
        }
    }

    /**
     * The token was not accepted; nothing was issued.
     *
     * @param reason why
     */
    record Rejected(Reason reason) implements RotationResult {
        /** @throws dev.stowage.exception.ValidationException {@code field "reason"} if it is missing */
        public Rejected {
            Check.required(reason, "reason");
        }
    }

    /**
     * Why a token was rejected. Checked in this order: UNKNOWN, REUSED (a token that was already
     * rotated reports REUSED every time it is presented, also after its family was revoked and
     * after it expired), REVOKED, EXPIRED.
     */
    enum Reason {
        /** No such token (never issued, or purged after expiry). */
        UNKNOWN,
        /** The token has expired. */
        EXPIRED,
        /** The token's family was revoked. */
        REVOKED,
        /**
         * The token had already been rotated: a sign that it was stolen. Its whole family,
         * including the successor issued earlier, is now revoked.
         */
        REUSED
    }

    /**
     * @return whether the rotation succeeded
     */
    default boolean isRotated() {
        return this instanceof Rotated;
    }
}
