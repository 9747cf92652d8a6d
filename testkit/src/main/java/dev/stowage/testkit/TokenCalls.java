package dev.stowage.testkit;

import dev.stowage.testkit.BadInputProperties.Call;
import dev.stowage.testkit.BadInputProperties.Seed;
import dev.stowage.testkit.BadInputProperties.StoreKind;
import dev.stowage.testkit.BadInputs.Labelled;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.TokenStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import static dev.stowage.testkit.BadInputs.NOW;
import static dev.stowage.testkit.BadInputs.show;

/** The {@link TokenStore} calls of {@link BadInputProperties}: every method, generated arguments. */
final class TokenCalls {

    private static final String[] SUBJECTS = {"u-1", "u-2", "u-new"};
    private static final String[] PROVIDERS = {"google", "github", "new"};
    private static final String[] JTIS = {"jti-1", "jti-2"};
    /** Stands for the refresh token each backend issued while it was seeded. */
    private static final String SEEDED_TOKEN = "<the seeded refresh token>";
    /** Stands for the family of that token. */
    private static final UUID SEEDED_FAMILY = new UUID(0x5EED, 0x5EED);

    /**
     * Seeds three credentials, a denied jti and a refresh token; reads all of them back, with the
     * denylist and the refresh-token families as a migration scans them.
     */
    static final StoreKind<TokenStore> KIND = new StoreKind<>(
            (backend, tenant) -> backend.tokens(tenant),
            store -> {
                store.importCredentials(List.of(
                        Fixtures.importedCredential(Fixtures.credential("u-1", "google"), NOW.minusSeconds(60), NOW),
                        Fixtures.importedCredential(Fixtures.credential("u-1", "github", NOW.plusSeconds(60),
                                NOW.plusSeconds(86_400)), NOW, NOW),
                        Fixtures.importedCredential(Fixtures.credential("u-2", "google", NOW.minusSeconds(1), null),
                                NOW, NOW)));
                store.revokeAccessToken("jti-1", NOW.plusSeconds(3_600));
                IssuedRefreshToken issued = store.issueRefreshToken("u-1", Duration.ofHours(1));
                return new Seed(issued.token(), issued.refreshToken().familyId());
            },
            (store, seed) -> store.scanCredentials(null, null, 10_000) + " denied jti-1: "
                    + store.isAccessTokenRevoked("jti-1") + ", jti-2: " + store.isAccessTokenRevoked("jti-2")
                    + ", seeded refresh token usable: " + store.findRefreshToken(seed.refreshToken()).isPresent()
                    + ", denials: " + store.scanRevokedAccessTokens(null, 10_000)
                    + ", families: " + store.scanRefreshFamilies(null, 1_000));

    private TokenCalls() {
    }

    /** @return one generated call of any token store method */
    static Arbitrary<Call<TokenStore>> calls() {
        return Arbitraries.oneOf(put(), put(), read(), expiringBefore(), scan(), imports(), issue(), rotate(), find(),
                revokeFamily(), revokeTokens(), deny(), isDenied(), Arbitraries.just(call("purgeExpired()",
                        (store, seed) -> store.purgeExpired())), scanFamilies(), familyImports(), scanDenials(),
                denialImports());
    }

    /** @return every token method with one argument at a time at each of its edge values */
    static List<Call<TokenStore>> sweep() {
        List<String> ids = BadInputs.TEXT_EDGES;
        List<Instant> instants = BadInputs.andNull(BadInputs.INSTANT_EDGES);
        List<Duration> durations = BadInputs.andNull(BadInputs.DURATION_EDGES);
        List<Call<TokenStore>> calls = new ArrayList<>();
        calls.addAll(BadInputs.sweep("putCredential", new Object[] {"u-1", "google", "access", null, null, null},
                List.of(ids, ids, ids, BadInputs.BAD_TEXT, instants, instants),
                (store, seed, a) -> store.putCredential(CredentialDraft.builder((String) a[0], (String) a[1], (String) a[2])
                        .refreshToken((String) a[3]).accessTokenExpiresAt((Instant) a[4]).expiresAt((Instant) a[5])
                        .build())));
        calls.addAll(BadInputs.sweep("credential", new Object[] {"u-1", "google"}, List.of(ids, ids),
                (store, seed, a) -> store.credential((String) a[0], (String) a[1])));
        calls.addAll(BadInputs.sweep("deleteCredential", new Object[] {"u-1", "google"}, List.of(ids, ids),
                (store, seed, a) -> store.deleteCredential((String) a[0], (String) a[1])));
        calls.addAll(BadInputs.sweep("credentials", new Object[] {"u-1"}, List.of(ids),
                (store, seed, a) -> store.credentials((String) a[0])));
        calls.addAll(BadInputs.sweep("credentialsExpiringBefore", new Object[] {NOW.plusSeconds(120), 10},
                List.of(instants, BadInputs.LIMIT_EDGES),
                (store, seed, a) -> store.credentialsExpiringBefore((Instant) a[0], (int) a[1])));
        calls.addAll(BadInputs.sweep("scanCredentials", new Object[] {"u-1", "github", 10},
                List.of(ids, ids, BadInputs.LIMIT_EDGES),
                (store, seed, a) -> store.scanCredentials((String) a[0], (String) a[1], (int) a[2])));
        calls.addAll(BadInputs.sweep("issueRefreshToken", new Object[] {"u-1", Duration.ofHours(1)},
                List.of(ids, durations), (store, seed, a) -> store.issueRefreshToken((String) a[0], (Duration) a[1])));
        calls.addAll(BadInputs.sweep("rotateRefreshToken", new Object[] {SEEDED_TOKEN, Duration.ofHours(1)},
                List.of(ids, durations),
                (store, seed, a) -> store.rotateRefreshToken(resolve((String) a[0], seed), (Duration) a[1])));
        calls.addAll(BadInputs.sweep("findRefreshToken", new Object[] {SEEDED_TOKEN}, List.of(ids),
                (store, seed, a) -> store.findRefreshToken(resolve((String) a[0], seed))));
        calls.addAll(BadInputs.sweep("revokeRefreshFamily", new Object[] {SEEDED_FAMILY},
                List.of(BadInputs.andNull(Fixtures.edgeIds())),
                (store, seed, a) -> store.revokeRefreshFamily((UUID) a[0])));
        calls.addAll(BadInputs.sweep("revokeRefreshTokens", new Object[] {"u-1"}, List.of(ids),
                (store, seed, a) -> store.revokeRefreshTokens((String) a[0])));
        calls.addAll(BadInputs.sweep("revokeAccessToken", new Object[] {"jti-2", NOW.plusSeconds(60)},
                List.of(ids, instants), (store, seed, a) -> {
                    store.revokeAccessToken((String) a[0], (Instant) a[1]);
                    return "done";
                }));
        calls.addAll(BadInputs.sweep("isAccessTokenRevoked", new Object[] {"jti-1"}, List.of(ids),
                (store, seed, a) -> store.isAccessTokenRevoked((String) a[0])));
        // Family scans answer with their size: ids and hashes differ from the reference's.
        calls.addAll(BadInputs.sweep("scanRefreshFamilies", new Object[] {null, 10},
                List.of(BadInputs.andNull(Fixtures.edgeIds()), BadInputs.LIMIT_EDGES),
                (store, seed, a) -> store.scanRefreshFamilies((UUID) a[0], (int) a[1]).size()));
        calls.addAll(BadInputs.sweep("scanRevokedAccessTokens", new Object[] {null, 10},
                List.of(BadInputs.andNull(DENIAL_POSITIONS), BadInputs.LIMIT_EDGES),
                (store, seed, a) -> store.scanRevokedAccessTokens((RevokedAccessToken) a[0], (int) a[1])));
        calls.add(call("importRefreshFamilies(null)", (store, seed) -> store.importRefreshFamilies(null)));
        calls.add(call("importRevokedAccessTokens(null)", (store, seed) -> store.importRevokedAccessTokens(null)));
        calls.add(call("importCredentials(null)", (store, seed) -> store.importCredentials(null)));
        calls.add(call("putCredential(null)", (store, seed) -> store.putCredential(null)));
        return calls;
    }

    private static Arbitrary<Labelled<CredentialDraft>> drafts() {
        Arbitrary<List<String>> scopes = BadInputs.listsOf(BadInputs.texts("openid", "email"), 3);
        Arbitrary<String> emails = BadInputs.texts("a@example.com", "not an email");
        return Combinators.combine(BadInputs.identifiers(SUBJECTS), BadInputs.identifiers(PROVIDERS),
                        BadInputs.texts("access-token"), BadInputs.texts("refresh-token"), BadInputs.instants(),
                        BadInputs.instants(), scopes, emails)
                .as((subject, provider, access, refresh, accessExpiry, expiry, scopeList, email) -> new Labelled<>(
                        "draft(" + show(subject) + ", " + show(provider) + ", " + show(access) + ", " + show(refresh)
                                + ", " + accessExpiry + ", " + expiry + ", " + scopeList + ", " + show(email) + ")",
                        () -> CredentialDraft.builder(subject, provider, access).refreshToken(refresh)
                                .accessTokenExpiresAt(accessExpiry).expiresAt(expiry).scopes(scopeList).accountEmail(email)
                                .build()));
    }

    private static Arbitrary<Call<TokenStore>> put() {
        return Combinators.combine(drafts(), BadInputs.json()).as((draft, metadata) -> call(
                "putCredential(" + draft + " with metadata " + metadata + ")",
                (store, seed) -> {
                    CredentialDraft built = draft.value().get();
                    return store.putCredential(new CredentialDraft(built.subject(), built.provider(), built.accessToken(),
                            built.refreshToken(), built.accessTokenExpiresAt(), built.expiresAt(), built.scopes(),
                            built.accountEmail(), metadata));
                }));
    }

    private static Arbitrary<Call<TokenStore>> read() {
        return Combinators.combine(Arbitraries.of("credential", "deleteCredential", "credentials"),
                        BadInputs.identifiers(SUBJECTS), BadInputs.identifiers(PROVIDERS))
                .as((method, subject, provider) -> call(method + "(" + show(subject) + ", " + show(provider) + ")",
                        (store, seed) -> switch (method) {
                            case "credential" -> store.credential(subject, provider);
                            case "deleteCredential" -> store.deleteCredential(subject, provider);
                            default -> store.credentials(subject);
                        }));
    }

    private static Arbitrary<Call<TokenStore>> expiringBefore() {
        return Combinators.combine(BadInputs.instants(), BadInputs.limits()).as((instant, limit) -> call(
                "credentialsExpiringBefore(" + instant + ", " + limit + ")",
                (store, seed) -> store.credentialsExpiringBefore(instant, limit)));
    }

    private static Arbitrary<Call<TokenStore>> scan() {
        return Combinators.combine(BadInputs.identifiers(SUBJECTS), BadInputs.identifiers(PROVIDERS), BadInputs.limits())
                .as((subject, provider, limit) -> call("scanCredentials(" + show(subject) + ", " + show(provider) + ", "
                        + limit + ")", (store, seed) -> store.scanCredentials(subject, provider, limit)));
    }

    private static Arbitrary<Call<TokenStore>> imports() {
        Arbitrary<Labelled<Credential>> credentials = Arbitraries.oneOf(
                Combinators.combine(drafts(), BadInputs.instants(), BadInputs.instants()).as((draft, created, updated) ->
                        new Labelled<>(draft + " created " + created + " updated " + updated,
                                () -> Credential.of(draft.value().get(), created, updated))),
                Arbitraries.of(new Labelled<>("the seeded u-1/google, newer", () -> Credential.of(
                                Fixtures.credential("u-1", "google"), NOW.minusSeconds(60), NOW.plusSeconds(1))),
                        new Labelled<>("no credential", () -> null)));
        return BadInputs.listsOf(credentials, 3).map(list -> call("importCredentials(" + list + ")",
                (store, seed) -> store.importCredentials(BadInputs.built(list))));
    }

    private static Arbitrary<Call<TokenStore>> issue() {
        return Combinators.combine(BadInputs.identifiers(SUBJECTS), BadInputs.durations()).as((subject, ttl) -> call(
                "issueRefreshToken(" + show(subject) + ", " + ttl + ")",
                (store, seed) -> store.issueRefreshToken(subject, ttl)));
    }

    private static Arbitrary<String> presented() {
        return Arbitraries.oneOf(Arbitraries.just(SEEDED_TOKEN), BadInputs.texts("unknown-token", "x".repeat(512)));
    }

    private static String resolve(String presented, Seed seed) {
        return SEEDED_TOKEN.equals(presented) ? seed.refreshToken() : presented;
    }

    private static Arbitrary<Call<TokenStore>> rotate() {
        return Combinators.combine(presented(), BadInputs.durations()).as((presented, ttl) -> call(
                "rotateRefreshToken(" + show(presented) + ", " + ttl + ")",
                (store, seed) -> store.rotateRefreshToken(resolve(presented, seed), ttl)));
    }

    private static Arbitrary<Call<TokenStore>> find() {
        return presented().map(presented -> call("findRefreshToken(" + show(presented) + ")",
                (store, seed) -> store.findRefreshToken(resolve(presented, seed))));
    }

    private static Arbitrary<Call<TokenStore>> revokeFamily() {
        return BadInputs.ids(SEEDED_FAMILY).map(id -> call("revokeRefreshFamily(" + id + ")",
                (store, seed) -> store.revokeRefreshFamily(SEEDED_FAMILY.equals(id) ? seed.familyId() : id)));
    }

    private static Arbitrary<Call<TokenStore>> revokeTokens() {
        return BadInputs.identifiers(SUBJECTS).map(subject -> call("revokeRefreshTokens(" + show(subject) + ")",
                (store, seed) -> store.revokeRefreshTokens(subject)));
    }

    private static Arbitrary<Call<TokenStore>> deny() {
        return Combinators.combine(BadInputs.identifiers(JTIS), BadInputs.instants()).as((jti, until) -> call(
                "revokeAccessToken(" + show(jti) + ", " + until + ")", (store, seed) -> {
                    store.revokeAccessToken(jti, until);
                    return "done";
                }));
    }

    private static Arbitrary<Call<TokenStore>> isDenied() {
        return BadInputs.identifiers(JTIS).map(jti -> call("isAccessTokenRevoked(" + show(jti) + ")",
                (store, seed) -> store.isAccessTokenRevoked(jti)));
    }

    /** Positions of a denylist scan: before, at and after the seeded jti-1. */
    private static final List<RevokedAccessToken> DENIAL_POSITIONS = List.of(new RevokedAccessToken("a", NOW),
            new RevokedAccessToken("jti-1", NOW.plusSeconds(3_600)), new RevokedAccessToken("jti-1", NOW.plusSeconds(3_601)));

    private static Arbitrary<Call<TokenStore>> scanFamilies() {
        return Combinators.combine(BadInputs.ids(SEEDED_FAMILY), BadInputs.limits()).as((after, limit) -> call(
                "scanRefreshFamilies(" + after + ", " + limit + ").size()",
                (store, seed) -> store.scanRefreshFamilies(SEEDED_FAMILY.equals(after) ? seed.familyId() : after, limit)
                        .size()));
    }

    /** A family of one token whose value is {@code value}, for {@code subject}, with the given id (or the seeded one). */
    private static RefreshFamily family(UUID id, Seed seed, String subject, String value, Instant issued, boolean used) {
        RefreshTokenState token = new RefreshTokenState(RefreshTokens.hash(value),
                UUID.nameUUIDFromBytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)), issued,
                issued.plusSeconds(3_600), used);
        return new RefreshFamily(SEEDED_FAMILY.equals(id) ? seed.familyId() : id, subject, issued, false, List.of(token));
    }

    private static Arbitrary<Call<TokenStore>> familyImports() {
        UUID fresh = new UUID(0xF00D, 1);
        Arbitrary<String> kinds = Arbitraries.of("a new family", "a new used family", "a family of expired tokens",
                "the seeded family for another subject", "the seeded family with a new token", "no family");
        return BadInputs.listsOf(kinds, 3).map(list -> call("importRefreshFamilies(" + list + ")", (store, seed) -> {
            if (list == null) {
                return store.importRefreshFamilies(null);
            }
            List<RefreshFamily> families = new ArrayList<>();
            for (String kind : list) {
                families.add(switch (kind) {
                    case "a new family" -> family(fresh, seed, "u-1", "imported-1", NOW, false);
                    case "a new used family" -> family(new UUID(0xF00D, 2), seed, "u-2", "imported-2", NOW, true);
                    case "a family of expired tokens" -> family(new UUID(0xF00D, 3), seed, "u-1", "old", NOW.minusSeconds(7_200), false);
                    case "the seeded family for another subject" -> family(SEEDED_FAMILY, seed, "u-2", "other", NOW, false);
                    case "the seeded family with a new token" -> family(SEEDED_FAMILY, seed, "u-1", "added", NOW, false);
                    default -> null;
                });
            }
            return store.importRefreshFamilies(families);
        }));
    }

    private static Arbitrary<Call<TokenStore>> scanDenials() {
        return Combinators.combine(Arbitraries.of(DENIAL_POSITIONS).injectNull(0.3), BadInputs.limits()).as((after, limit) ->
                call("scanRevokedAccessTokens(" + after + ", " + limit + ")",
                        (store, seed) -> store.scanRevokedAccessTokens(after, limit)));
    }

    private static Arbitrary<Call<TokenStore>> denialImports() {
        Arbitrary<Labelled<RevokedAccessToken>> entries = Arbitraries.of(
                new Labelled<>("jti-1 later", () -> new RevokedAccessToken("jti-1", NOW.plusSeconds(7_200))),
                new Labelled<>("jti-1 earlier", () -> new RevokedAccessToken("jti-1", NOW.plusSeconds(60))),
                new Labelled<>("jti-2", () -> new RevokedAccessToken("jti-2", NOW.plusSeconds(60))),
                new Labelled<>("an expired jti-3", () -> new RevokedAccessToken("jti-3", NOW.minusSeconds(1))),
                new Labelled<>("no entry", () -> null));
        return BadInputs.listsOf(entries, 3).map(list -> call("importRevokedAccessTokens(" + list + ")",
                (store, seed) -> store.importRevokedAccessTokens(BadInputs.built(list))));
    }

    private static Call<TokenStore> call(String label, BiFunction<TokenStore, Seed, Object> action) {
        return new Call<>(label, action);
    }
}
