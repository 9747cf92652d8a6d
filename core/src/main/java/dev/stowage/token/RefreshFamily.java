package dev.stowage.token;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A refresh-token family with its tokens, as scanned and imported by a migration
 * ({@link TokenStore#scanRefreshFamilies}, {@link TokenStore#importRefreshFamilies}): the rotation
 * chain of one login. Tokens are kept in one canonical order (issuedAt, then tokenHash), so two
 * stores holding the same family give equal records.
 *
 * @param familyId  the family's id
 * @param subject   whose tokens they are
 * @param createdAt when the family's first token was issued
 * @param revoked   whether the family was revoked (its tokens are no longer accepted)
 * @param tokens    its tokens, at least one, distinct hashes and ids; stored in canonical order
 */
public record RefreshFamily(UUID familyId, String subject, Instant createdAt, boolean revoked,
                            List<RefreshTokenState> tokens) {

    /** The canonical order of a family's tokens. */
    private static final Comparator<RefreshTokenState> TOKEN_ORDER = Comparator
            .comparing(RefreshTokenState::issuedAt)
            .thenComparing(RefreshTokenState::tokenHash);

    /**
     * @throws ValidationException naming the first invalid field
     */
    public RefreshFamily {
        Check.required(familyId, "familyId");
        Check.identifier(subject, "subject", CredentialDraft.MAX_SUBJECT_LENGTH);
        createdAt = Check.instant(createdAt, "createdAt");
        Check.required(tokens, "tokens");
        if (tokens.isEmpty()) {
            throw new ValidationException("tokens", "not-empty", "must hold at least one token; a family without"
                    + " tokens no longer exists");
        }
        Set<String> hashes = new HashSet<>();
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            RefreshTokenState token = Check.required(tokens.get(i), "tokens[" + i + "]");
            if (!hashes.add(token.tokenHash())) {
                throw new ValidationException("tokens[" + i + "].tokenHash", "distinct", "must not repeat a token of the family");
            }
            if (!ids.add(token.id())) {
                throw new ValidationException("tokens[" + i + "].id", "distinct", "must not repeat a token id of the family");
            }
        }
        List<RefreshTokenState> ordered = new ArrayList<>(tokens);
        ordered.sort(TOKEN_ORDER);
        tokens = List.copyOf(ordered);
    }

    /**
     * @return the latest expiry of its tokens: the family counts as gone after it
     */
    public Instant expiresAt() {
        Instant latest = tokens.get(0).expiresAt();
        for (RefreshTokenState token : tokens) {
            if (token.expiresAt().isAfter(latest)) {
                latest = token.expiresAt();
            }
        }
        return latest;
    }

    /**
     * @param now an instant
     * @return whether every token of the family is expired at {@code now}
     */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt().isAfter(now);
    }

    /**
     * The family as a store shows it at {@code now}: only its unexpired tokens.
     *
     * @param now the store's current time
     * @return the family with its unexpired tokens, or empty if all have expired
     */
    public Optional<RefreshFamily> liveAt(Instant now) {
        List<RefreshTokenState> live = tokens.stream().filter(token -> !token.isExpiredAt(now)).toList();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(live.size() == tokens.size() ? this : new RefreshFamily(familyId, subject, createdAt, revoked, live));
    }
}
