package dev.stowage.spi;

import dev.stowage.ImportResult;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Batches;
import dev.stowage.support.Check;
import dev.stowage.support.Timestamps;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RefreshTokenHasher;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.SubjectErasure;
import dev.stowage.token.TokenStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * An optional base for {@link TokenStore} implementations: it holds the call rules every backend
 * shares, so a backend implements only storage. Each public method checks every argument (a
 * {@link ValidationException} naming the parameter), applies the shared rules once, and then calls
 * a protected hook with checked arguments:
 * <ul>
 *   <li>subjects, providers and {@code jti}s are identifiers of bounded length; limits are
 *       1..{@value Check#MAX_BATCH_LIMIT}; instants lie within years 1..9999 and are truncated
 *       to microseconds; time-to-lives are positive and at most ten years;</li>
 *   <li>a credential already expired by the store's clock is not stored ({@code expiresAt});</li>
 *   <li>a scan position is both subject and provider, or neither ({@code afterSubject} or
 *       {@code afterProvider} names the missing one);</li>
 *   <li>imports: batch size, no {@code null}, distinct keys; credentials already expired are
 *       counted as skipped and never reach the backend;</li>
 *   <li>presented refresh tokens are checked and hashed ({@link RefreshTokenHasher}: SHA-256,
 *       or an HMAC with a fallback to SHA-256 for older tokens): backends only ever see the
 *       hash, and hash the tokens they issue with {@link #hashOf};</li>
 *   <li>a rotation's successor is chosen here ({@link RefreshSuccessor}): random, or, with the
 *       grace period of the hasher and a client id, derived from the presented token so that the
 *       same client's replay within the period is answered with it;</li>
 *   <li>denying an access token whose own expiry has passed changes nothing;</li>
 *   <li>migration: a family scan takes 1..{@value Check#MAX_PAGE_LIMIT} families; family imports
 *       ({@link Batches#refreshFamilies}) and denial imports ({@link Batches#revokedAccessTokens})
 *       keep only what is unexpired by the store's clock (tokens, then families with a token
 *       left; denials), count the rest as skipped, and call no hook for an empty remainder.</li>
 * </ul>
 * The hooks run the storage work atomically as the {@link TokenStore} Javadoc describes, and
 * decide expiry by the same clock ({@link #now()}); they never see an unchecked argument and need
 * not repeat any of these checks. A backend that is closed throws
 * {@link dev.stowage.exception.StoreClosedException} from its hooks.
 */
public abstract class AbstractTokenStore implements TokenStore {

    private final Clock clock;
    private final RefreshTokenHasher hasher;

    /**
     * A store that keeps refresh tokens as plain SHA-256 hashes.
     *
     * @param clock the store's clock, which decides every expiry
     */
    protected AbstractTokenStore(Clock clock) {
        this(clock, RefreshTokenHasher.sha256());
    }

    /**
     * @param clock  the store's clock, which decides every expiry
     * @param hasher how refresh-token values are hashed; with an HMAC key, presented tokens are
     *               looked up by HMAC first, then by their plain SHA-256 (tokens issued before
     *               the key), and successors are always stored by HMAC
     */
    protected AbstractTokenStore(Clock clock, RefreshTokenHasher hasher) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /**
     * The one hash backends store for a token they issue (never {@link RefreshTokens#hash} directly).
     *
     * @param value a new token value
     * @return the hash to store
     */
    protected final String hashOf(String value) {
        return hasher.hash(value);
    }

    /**
     * @return the store clock's current instant, truncated to microseconds
     */
    protected final Instant now() {
        return Timestamps.now(clock);
    }

    /**
     * @return the store's clock
     */
    protected final Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ credentials

    @Override
    public final Credential putCredential(CredentialDraft draft) {
        Check.required(draft, "draft");
        return storeCredential(draft.requireUnexpiredAt(now()));
    }

    @Override
    public final Optional<Credential> credential(String subject, String provider) {
        checkKey(subject, provider);
        return findCredential(subject, provider);
    }

    @Override
    public final boolean deleteCredential(String subject, String provider) {
        checkKey(subject, provider);
        return removeCredential(subject, provider);
    }

    @Override
    public final List<Credential> credentials(String subject) {
        return listCredentials(checkSubject(subject));
    }

    @Override
    public final List<Credential> credentialsExpiringBefore(Instant instant, int limit) {
        Instant bound = Check.instant(instant, "instant");
        Check.batchLimit(limit);
        return findExpiringBefore(bound, limit);
    }

    @Override
    public final List<Credential> scanCredentials(String afterSubject, String afterProvider, int limit) {
        Check.batchLimit(limit);
        if (afterSubject != null || afterProvider != null) {
            Check.identifier(afterSubject, "afterSubject", CredentialDraft.MAX_SUBJECT_LENGTH);
            Check.identifier(afterProvider, "afterProvider", CredentialDraft.MAX_PROVIDER_LENGTH);
        }
        return readCredentials(afterSubject, afterProvider, limit);
    }

    @Override
    public final ImportResult importCredentials(List<Credential> credentials) {
        List<Credential> batch = Batches.credentials(credentials);
        Instant now = now();
        return importUnexpired(batch, batch.stream().filter(credential -> !credential.isExpiredAt(now)).toList(),
                this::writeCredentials);
    }

    // ------------------------------------------------------------------ refresh tokens

    @Override
    public final IssuedRefreshToken issueRefreshToken(String subject, Duration ttl) {
        checkSubject(subject);
        Check.ttl(ttl, "ttl");
        return issue(subject, ttl);
    }

    @Override
    public final RotationResult rotateRefreshToken(String presented, Duration ttl) {
        Check.requiredText(presented, "token", RefreshTokens.MAX_PRESENTED_LENGTH);
        Check.ttl(ttl, "ttl");
        return rotateAs(presented, ttl, RefreshSuccessor.random(hasher));
    }

    @Override
    public final RotationResult rotateRefreshToken(String presented, Duration ttl, String clientId) {
        Check.requiredText(presented, "token", RefreshTokens.MAX_PRESENTED_LENGTH);
        Check.ttl(ttl, "ttl");
        Check.identifier(clientId, "clientId", MAX_CLIENT_ID_LENGTH);
        return rotateAs(presented, ttl, RefreshSuccessor.of(hasher, presented, clientId, now()));
    }

    private RotationResult rotateAs(String presented, Duration ttl, RefreshSuccessor successor) {
        RotationResult result = rotate(hasher.hash(presented), successor, ttl);
        Optional<String> legacy = hasher.legacyHash(presented);
        boolean unknown = result instanceof RotationResult.Rejected rejected
                && rejected.reason() == RotationResult.Reason.UNKNOWN;
        return unknown && legacy.isPresent() ? rotate(legacy.get(), successor, ttl) : result;
    }

    @Override
    public final Optional<RefreshToken> findRefreshToken(String presented) {
        Check.requiredText(presented, "token", RefreshTokens.MAX_PRESENTED_LENGTH);
        return findUsable(hasher.hash(presented))
                .or(() -> hasher.legacyHash(presented).flatMap(this::findUsable));
    }

    @Override
    public final boolean revokeRefreshFamily(UUID familyId) {
        return revokeFamily(Check.required(familyId, "familyId"));
    }

    @Override
    public final int revokeRefreshTokens(String subject) {
        return revokeFamiliesOf(checkSubject(subject));
    }

    // ------------------------------------------------------------------ access-token denylist

    @Override
    public final void revokeAccessToken(String jti, Instant expiresAt) {
        checkJti(jti);
        Instant until = Check.instant(expiresAt, "expiresAt");
        if (until.isAfter(now())) {
            deny(jti, until);
        }
    }

    @Override
    public final boolean isAccessTokenRevoked(String jti) {
        return isDenied(checkJti(jti));
    }

    @Override
    public final long purgeExpired() {
        return purge();
    }

    // ------------------------------------------------------------------ migration

    @Override
    public final List<RefreshFamily> scanRefreshFamilies(UUID afterFamilyId, int limit) {
        Check.pageLimit(limit);
        return readFamilies(afterFamilyId, limit);
    }

    @Override
    public final ImportResult importRefreshFamilies(List<RefreshFamily> families) {
        List<RefreshFamily> batch = Batches.refreshFamilies(families);
        Instant now = now();
        return importUnexpired(batch, batch.stream().map(family -> family.liveAt(now)).flatMap(Optional::stream).toList(),
                this::mergeFamilies);
    }

    @Override
    public final List<RevokedAccessToken> scanRevokedAccessTokens(RevokedAccessToken after, int limit) {
        Check.batchLimit(limit);
        return readDenials(after, limit);
    }

    @Override
    public final ImportResult importRevokedAccessTokens(List<RevokedAccessToken> entries) {
        List<RevokedAccessToken> batch = Batches.revokedAccessTokens(entries);
        Instant now = now();
        return importUnexpired(batch, batch.stream().filter(entry -> !entry.isExpiredAt(now)).toList(),
                this::writeDenials);
    }

    // ------------------------------------------------------------------ erasure

    @Override
    public final SubjectErasure eraseSubject(String subject) {
        return removeSubject(checkSubject(subject));
    }

    /**
     * The import rule shared by credentials, families and denials: what expired before the call
     * counts as skipped, and the hook sees only the rest (and is not called for nothing).
     */
    private static <T> ImportResult importUnexpired(List<T> batch, List<T> unexpired,
                                                    Function<List<T>, ImportResult> write) {
        ImportResult expired = new ImportResult(0, 0, batch.size() - unexpired.size());
        return unexpired.isEmpty() ? expired : write.apply(unexpired).plus(expired);
    }

    private static String checkSubject(String subject) {
        return Check.identifier(subject, "subject", CredentialDraft.MAX_SUBJECT_LENGTH);
    }

    private static void checkKey(String subject, String provider) {
        checkSubject(subject);
        Check.identifier(provider, "provider", CredentialDraft.MAX_PROVIDER_LENGTH);
    }

    private static String checkJti(String jti) {
        return Check.identifier(jti, "jti", MAX_JTI_LENGTH);
    }

    // ------------------------------------------------------------------ hooks

    /**
     * Stores a credential, replacing the one with the same (subject, provider): createdAt is
     * kept from the replaced credential if that one had not expired, updatedAt is now.
     *
     * @param draft a valid draft whose expiresAt was in the future when the call began (checked)
     * @return the stored credential
     */
    protected abstract Credential storeCredential(CredentialDraft draft);

    /**
     * @param subject  a valid subject (checked)
     * @param provider a valid provider (checked)
     * @return the credential, or empty if absent or expired
     */
    protected abstract Optional<Credential> findCredential(String subject, String provider);

    /**
     * @param subject  a valid subject (checked)
     * @param provider a valid provider (checked)
     * @return {@code true} if an unexpired credential was deleted (an expired one may be removed too)
     */
    protected abstract boolean removeCredential(String subject, String provider);

    /**
     * @param subject a valid subject (checked)
     * @return the subject's unexpired credentials, in code point order of provider
     */
    protected abstract List<Credential> listCredentials(String subject);

    /**
     * @param bound exclusive bound on accessTokenExpiresAt, truncated to microseconds
     * @param limit at most this many, 1..{@value Check#MAX_BATCH_LIMIT}
     * @return unexpired credentials by accessTokenExpiresAt, then subject, then provider
     */
    protected abstract List<Credential> findExpiringBefore(Instant bound, int limit);

    /**
     * @param afterSubject  a valid subject, or {@code null} together with afterProvider to start at the beginning
     * @param afterProvider a valid provider, or {@code null} together with afterSubject
     * @param limit         at most this many, 1..{@value Check#MAX_BATCH_LIMIT}
     * @return the next unexpired credentials by (subject, provider), code point order
     */
    protected abstract List<Credential> readCredentials(String afterSubject, String afterProvider, int limit);

    /**
     * Imports atomically: inserts a credential that does not exist (or has expired), replaces one
     * with an older updatedAt, skips the others.
     *
     * @param credentials 1..{@value Check#MAX_BATCH_LIMIT} valid credentials with distinct keys,
     *                    unexpired when the call began (checked)
     * @return what happened to each of them
     */
    protected abstract ImportResult writeCredentials(List<Credential> credentials);

    /**
     * Issues the first token of a new family.
     *
     * @param subject a valid subject (checked)
     * @param ttl     a valid lifetime (checked)
     * @return the new value and its stored facts
     */
    protected abstract IssuedRefreshToken issue(String subject, Duration ttl);

    /**
     * Exchanges the token with this hash for its successor, exactly once; see
     * {@link TokenStore#rotateRefreshToken(String, Duration)} for the rejection order and reuse
     * detection. Atomically:
     * <ul>
     *   <li>an unused token of an unrevoked family, unexpired, is marked used and
     *       {@code successor} is stored as its successor ({@link RefreshSuccessor#value()} handed
     *       out, {@link RefreshSuccessor#hash()} stored, issued now);</li>
     *   <li>a used token whose replay {@link RefreshSuccessor#answersReplay answers} (the grace
     *       period: the stored token with {@code successor.hash()} is in the same family, unused,
     *       unrevoked, unexpired and issued after {@link RefreshSuccessor#graceStart()}) gets
     *       {@link RotationResult.Rotated} with {@link RefreshSuccessor#replayed} of that stored
     *       token, and nothing changes;</li>
     *   <li>any other used token revokes its family ({@code REUSED}).</li>
     * </ul>
     *
     * @param hash      the presented token's hash
     * @param successor the successor to issue, and whether a replay may be answered with it
     * @param ttl       a valid lifetime of the successor (checked)
     * @return the successor, or why the token was rejected
     */
    protected abstract RotationResult rotate(String hash, RefreshSuccessor successor, Duration ttl);

    /**
     * @param hash the presented token's hash
     * @return the token if it is known, unused, unrevoked and unexpired
     */
    protected abstract Optional<RefreshToken> findUsable(String hash);

    /**
     * @param familyId the family (checked)
     * @return {@code true} if it existed, was not revoked and still had an unexpired token
     */
    protected abstract boolean revokeFamily(UUID familyId);

    /**
     * @param subject a valid subject (checked)
     * @return how many unrevoked families with an unexpired token were revoked
     */
    protected abstract int revokeFamiliesOf(String subject);

    /**
     * Denies a token until {@code until}, keeping the later expiry if it is already denied.
     *
     * @param jti   a valid token id (checked)
     * @param until the token's expiry, after now (checked)
     */
    protected abstract void deny(String jti, Instant until);

    /**
     * @param jti a valid token id (checked)
     * @return whether it is denied and the denial has not expired
     */
    protected abstract boolean isDenied(String jti);

    /**
     * @return how many expired items were removed
     */
    protected abstract long purge();

    /**
     * @param afterFamilyId the last family already read, exclusive, or {@code null} to start at the beginning
     * @param limit         at most this many families, 1..{@value Check#MAX_PAGE_LIMIT}
     * @return the next families with an unexpired token, in unsigned id order, each with its
     *     unexpired tokens; see {@link TokenStore#scanRefreshFamilies}
     */
    protected abstract List<RefreshFamily> readFamilies(UUID afterFamilyId, int limit);

    /**
     * Merges families into the store atomically, by the rules of
     * {@link TokenStore#importRefreshFamilies}: missing tokens added, used and revoked only ever
     * set, a family held for another subject or a token held with other facts a conflict that
     * writes nothing.
     *
     * @param families 1..{@value Check#MAX_PAGE_LIMIT} families with distinct ids and only tokens
     *                 unexpired when the call began (checked)
     * @return what happened to each of them
     */
    protected abstract ImportResult mergeFamilies(List<RefreshFamily> families);

    /**
     * @param after the last entry already read, exclusive, or {@code null} to start at the beginning
     * @param limit at most this many, 1..{@value Check#MAX_BATCH_LIMIT}
     * @return the next unexpired denials in {@link RevokedAccessToken#SCAN_ORDER}
     */
    protected abstract List<RevokedAccessToken> readDenials(RevokedAccessToken after, int limit);

    /**
     * Imports denials atomically with the rule of {@link #deny}: an absent (or ended) denial is
     * inserted, an earlier one extended (updated), a later or equal one kept (skipped).
     *
     * @param entries 1..{@value Check#MAX_BATCH_LIMIT} entries with distinct jtis, unexpired when
     *                the call began (checked)
     * @return what happened to each of them
     */
    protected abstract ImportResult writeDenials(List<RevokedAccessToken> entries);

    // ------------------------------------------------------------------ erasure hooks

    /**
     * Removes the subject's credentials (every provider, expired ones too) and its refresh-token
     * families with every token of them (used, revoked, expired), with every index entry that
     * names them. Denylist entries are kept (see {@link TokenStore#eraseSubject}).
     *
     * @param subject a valid subject (checked)
     * @return what was removed; {@link SubjectErasure#NOTHING} if the subject held nothing
     */
    protected abstract SubjectErasure removeSubject(String subject);
}
