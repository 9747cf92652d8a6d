package dev.stowage.token;

import dev.stowage.ImportResult;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Credentials and sessions of one tenant: third-party credentials, first-party refresh tokens
 * (stored only as hashes, rotated with reuse detection) and an access-token denylist.
 * Thread-safe; every method is atomic.
 * <p>
 * <b>Expiry</b> is decided by the store's clock: an item whose expiry is at or before
 * {@code clock.instant()} is never returned by any read, whether or not the backend has removed
 * it yet. Backends remove expired items natively (Redis TTL) or by {@link #purgeExpired()}.
 */
public interface TokenStore {

    /** Longest accepted access-token id ({@code jti}). */
    int MAX_JTI_LENGTH = 200;

    /** Longest accepted client id of a rotation ({@link #rotateRefreshToken(String, Duration, String)}). */
    int MAX_CLIENT_ID_LENGTH = 200;

    /**
     * Stores a credential, replacing the one with the same (subject, provider). createdAt is kept
     * from the replaced credential; updatedAt is now.
     *
     * @param draft the credential
     * @return the stored credential
     * @throws ValidationException if {@code draft.expiresAt()} is not in the future
     */
    Credential putCredential(CredentialDraft draft);

    /**
     * @param subject  whose credential
     * @param provider which provider
     * @return the credential, or empty if absent or expired
     */
    Optional<Credential> credential(String subject, String provider);

    /**
     * @param subject  whose credential
     * @param provider which provider
     * @return {@code true} if an unexpired credential was deleted
     */
    boolean deleteCredential(String subject, String provider);

    /**
     * @param subject whose credentials
     * @return the subject's unexpired credentials, in code point order of provider
     */
    List<Credential> credentials(String subject);

    /**
     * For refresh jobs: unexpired credentials whose access token expires before {@code instant}.
     *
     * @param instant exclusive bound on accessTokenExpiresAt
     * @param limit   at most this many, 1..10 000
     * @return ordered by accessTokenExpiresAt, then subject, then provider (code point order)
     */
    List<Credential> credentialsExpiringBefore(Instant instant, int limit);

    /**
     * Unexpired credentials in a stable order (subject, then provider, code point order), for
     * export and migration.
     *
     * @param afterSubject  subject of the last credential already read; {@code null} (together
     *                      with afterProvider) to start at the beginning
     * @param afterProvider provider of the last credential already read; {@code null} (together
     *                      with afterSubject) to start at the beginning; giving only one of the two
     *                      is a {@link ValidationException} naming the missing one
     *                      ({@code afterSubject} or {@code afterProvider})
     * @param limit         at most this many, 1..10 000
     * @return the next credentials
     */
    List<Credential> scanCredentials(String afterSubject, String afterProvider, int limit);

    /**
     * Bulk write for migration, keeping timestamps. A credential that does not exist is inserted;
     * one that exists with an older updatedAt is replaced; otherwise it is skipped. Expired
     * credentials are skipped. Atomic.
     *
     * @param credentials up to 10 000 credentials with distinct (subject, provider)
     * @return what happened to each
     */
    ImportResult importCredentials(List<Credential> credentials);

    /**
     * Issues the first refresh token of a new family (a new login).
     *
     * @param subject whose token
     * @param ttl     lifetime, positive, at most ten years
     * @return the value to hand out (shown once) and the stored facts
     */
    IssuedRefreshToken issueRefreshToken(String subject, Duration ttl);

    /**
     * Exchanges a refresh token for its successor, exactly once. If several threads or nodes
     * present the same token together, exactly one gets {@link RotationResult.Rotated}; the
     * others see a used token, get {@link RotationResult.Reason#REUSED}, and the whole family is
     * revoked.
     *
     * @param presented the token value presented by the client
     * @param ttl       lifetime of the successor
     * @return the successor, or why the token was rejected
     */
    RotationResult rotateRefreshToken(String presented, Duration ttl);

    /**
     * Like {@link #rotateRefreshToken(String, Duration)}, for a named client, so that the
     * store's refresh grace period applies ({@link RefreshTokenHasher#withGracePeriod}, config
     * {@value RefreshTokenHasher#GRACE_PERIOD_KEY}, off by default). With a grace period, a used
     * token presented again by the <em>same client</em> (the same {@code clientId}) less than the
     * period after its rotation gets {@link RotationResult.Rotated} with the very successor that
     * rotation issued (same value, id and expiry), as long as that successor is itself unused,
     * unrevoked and unexpired; its family stays valid. Any other reuse is
     * {@link RotationResult.Reason#REUSED} and revokes the family, as without a grace period: a
     * different client or none, a replay at or after the end of the period, or a replay after the
     * successor was rotated in turn.
     * <p>
     * The client id is the caller's name for the holder of the token, the same for every tab or
     * thread of one installation and different between installations: a device id, the id of a
     * session cookie, the thumbprint of a proof-of-possession key. It is not stored, only mixed
     * into the successor's value. Use one a thief of the refresh token would not also have: within
     * the period, whoever presents the used token with the right client id gets the successor.
     * <p>
     * The default implementation, for a store written outside Stowage, checks the client id and
     * applies no grace period.
     *
     * @param presented the token value presented by the client
     * @param ttl       lifetime of the successor
     * @param clientId  the presenting client, 1..{@value #MAX_CLIENT_ID_LENGTH} characters, no whitespace
     * @return the successor, or why the token was rejected
     * @throws ValidationException {@code clientId} if it is blank, too long or has whitespace
     */
    default RotationResult rotateRefreshToken(String presented, Duration ttl, String clientId) {
        Check.identifier(clientId, "clientId", MAX_CLIENT_ID_LENGTH);
        return rotateRefreshToken(presented, ttl);
    }

    /**
     * @param presented a token value
     * @return the token if it is known, unused, unrevoked and unexpired
     */
    Optional<RefreshToken> findRefreshToken(String presented);

    /**
     * @param familyId the family to revoke
     * @return {@code true} if the family existed, was not already revoked and still had an
     *     unexpired token (a family whose tokens have all expired counts as gone)
     */
    boolean revokeRefreshFamily(UUID familyId);

    /**
     * Revokes every refresh-token family of a subject (log out everywhere).
     *
     * @param subject whose tokens
     * @return how many families were revoked; families whose tokens have all expired are not counted
     */
    int revokeRefreshTokens(String subject);

    /**
     * Denies an access token (by its JWT {@code jti}) until it expires on its own. A
     * {@code expiresAt} at or before now is accepted and changes nothing.
     *
     * @param jti       the token's id, 1..{@value #MAX_JTI_LENGTH} characters, no whitespace
     * @param expiresAt the access token's own expiry
     */
    void revokeAccessToken(String jti, Instant expiresAt);

    /**
     * @param jti the token's id
     * @return whether it is denied (and its denial has not expired)
     */
    boolean isAccessTokenRevoked(String jti);

    /**
     * Removes expired credentials, refresh tokens and denylist entries, in batches. Reads already
     * ignore expired items; this reclaims space.
     *
     * @return how many items this call removed (backends with native expiry may report 0)
     */
    long purgeExpired();

    // ---------------------------------------------------------------- migration: refresh-token families and the denylist

    /**
     * Refresh-token families that still have an unexpired token, with those tokens (used or not),
     * for export and migration. Ordered by family id in unsigned order
     * ({@link dev.stowage.support.Ids#UNSIGNED_ORDER}, the order of the lower-case UUID text and
     * of PostgreSQL's {@code uuid}). A revoked family is included, with {@code revoked} set.
     * Expired tokens are left out, and a family whose tokens have all expired is not returned.
     *
     * @param afterFamilyId the id of the last family already read, exclusive; {@code null} to
     *                      start at the beginning
     * @param limit         at most this many families, 1..1 000 (each with all its unexpired tokens)
     * @return the next families; fewer than {@code limit} means the end was reached
     */
    List<RefreshFamily> scanRefreshFamilies(UUID afterFamilyId, int limit);

    /**
     * Bulk write of refresh-token families for migration, keeping ids, hashes and timestamps, so
     * rotation on this store behaves as on the source: a used token presented again is
     * {@link RotationResult.Reason#REUSED} and revokes its family, a revoked family stays revoked.
     * Each family is merged into what the store holds and never loses newer state:
     * <ul>
     *   <li>tokens already expired at the store's now are ignored; a family whose tokens have all
     *       expired is skipped;</li>
     *   <li>a family the store does not hold (or holds with only expired tokens) is written with
     *       its tokens;</li>
     *   <li>a family the store holds keeps its own tokens and gains the imported ones it lacks; a
     *       token it holds becomes used if the imported one is used (used is never undone); the
     *       family becomes revoked if the imported one is revoked (revocation is never undone);
     *       its latest expiry is the later of both.</li>
     * </ul>
     * Importing the same families again changes nothing. Atomic: all families of the call are
     * applied or none.
     *
     * @param families up to 1 000 families with distinct ids
     * @return inserted: families the store did not hold live; updated: families it held that gained
     *     a token, a used mark or the revocation; skipped: the rest (nothing newer, or expired)
     * @throws ValidationException {@code families[i].familyId} if two families share an id
     * @throws dev.stowage.exception.ConflictException {@code DUPLICATE_KEY} if a family id is held
     *     for another subject, or a token hash is held with another id, family, issuedAt or
     *     expiresAt (nothing written)
     */
    ImportResult importRefreshFamilies(List<RefreshFamily> families);

    /**
     * Access-token denylist entries that have not expired, for export and migration, ordered by
     * {@link RevokedAccessToken#SCAN_ORDER} (expiresAt, then jti in code point order). An entry
     * revoked again with a later expiry during a scan moves later in the order, so a scan sees it
     * at least once.
     *
     * @param after the last entry already read, exclusive; {@code null} to start at the beginning
     * @param limit at most this many, 1..10 000
     * @return the next entries; fewer than {@code limit} means the end was reached
     */
    List<RevokedAccessToken> scanRevokedAccessTokens(RevokedAccessToken after, int limit);

    /**
     * Bulk write of denylist entries for migration, with the rule of {@link #revokeAccessToken}:
     * an entry expired at the store's now is skipped; an absent jti is inserted; a jti denied until
     * an earlier instant is extended to the imported one (updated); otherwise it is skipped. So
     * {@link #isAccessTokenRevoked} answers {@code true} for every imported jti until its expiry,
     * and importing again changes nothing. Atomic.
     *
     * @param entries up to 10 000 entries with distinct jtis
     * @return what happened to each
     * @throws ValidationException {@code entries[i].jti} if two entries share a jti
     */
    ImportResult importRevokedAccessTokens(List<RevokedAccessToken> entries);

    // ---------------------------------------------------------------- erasure

    /**
     * Erases everything the store holds for a subject, for a privacy request: its credentials
     * (every provider) and its refresh-token families with all their tokens (used, revoked and
     * expired ones too), with their index entries. Denied access tokens are kept: a denylist entry
     * names only a {@code jti}, holds no personal data and must keep denying the token until it
     * expires. Tokens already handed out stop working (a presented token is unknown). A write for
     * the subject that runs concurrently may survive the erasure; erase again after stopping them.
     *
     * @param subject whose data
     * @return how many credentials, families and tokens were removed
     */
    SubjectErasure eraseSubject(String subject);
}
