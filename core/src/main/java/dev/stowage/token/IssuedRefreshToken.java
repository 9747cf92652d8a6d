package dev.stowage.token;

import dev.stowage.support.Check;

/**
 * A freshly issued refresh token: the value to hand to the client, exactly once, and what the
 * store keeps about it. {@link #toString()} never prints the value.
 *
 * @param token        the secret value; the store keeps only its hash
 * @param refreshToken the stored facts about it
 */
public record IssuedRefreshToken(String token, RefreshToken refreshToken) {

    /**
     * @throws dev.stowage.exception.ValidationException naming a missing or blank component
     */
    public IssuedRefreshToken {
        Check.requiredText(token, "token", RefreshTokens.MAX_PRESENTED_LENGTH);
        Check.required(refreshToken, "refreshToken");
    }

    @Override
    public String toString() {
        return "IssuedRefreshToken[token=***, refreshToken=" + refreshToken + "]";
    }
}
