package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.support.Timestamps;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The key layout of one tenant. Every key starts with the tenant's hash tag
 * {@code {<prefix>:<tenant>}}, so all keys of a tenant live in one Cluster slot and every
 * multi-key script is Cluster-safe. The module README documents the layout.
 * <p>
 * No personal value appears in a key name: contact emails, credential subjects and providers,
 * refresh-token subjects and credit account ids are replaced by their keyed hash
 * ({@link KeyHasher}, 43 characters), each kind under its own label so that equal values of two
 * kinds (a subject that is also an email) give unrelated names. Index members, which are values,
 * still hold them; a credential's index members end with its hashed name ({@link #credentialName})
 * so that scripts can find the record from the member.
 */
final class Keys {

    /** Width of a {@link #time} key: microseconds since year 1, zero-padded, fits 18 digits up to year 9999. */
    static final int TIME_WIDTH = 18;
    /** Length of a UUID's canonical text form; index members end with it. */
    static final int ID_WIDTH = 36;
    /** Length of a hashed name ({@link KeyHasher#hash}); credential index members end with one. */
    static final int HASH_WIDTH = 43;

    private static final long MIN_MICROS = Timestamps.toEpochMicros(Timestamps.MIN);

    private final String base;
    private final KeyHasher hasher;

    Keys(String prefix, TenantId tenant, KeyHasher hasher) {
        this.base = "{" + prefix + ":" + tenant.value() + "}";
        this.hasher = hasher;
    }

    /** @return the hash-tagged start shared by every key of the tenant */
    String base() {
        return base;
    }

    /** @return a one-shot key that remembers a write script's reply, so a replayed command is not applied twice */
    String operation(UUID nonce) {
        return base + ":op:" + nonce;
    }

    // Contacts

    String contact(UUID id) {
        return base + ":c:" + id;
    }

    String contactPrefix() {
        return base + ":c:";
    }

    String contactIds() {
        return base + ":c-ids";
    }

    String contactsByCreated() {
        return base + ":c-created";
    }

    String contactsByUpdated() {
        return base + ":c-updated";
    }

    String contactsByLastName() {
        return base + ":c-lastname";
    }

    /** @return the index of one address, named by its keyed hash ({@link KeyHasher}), never the address */
    String contactsByEmail(String normalizedEmail) {
        return base + ":c-email:" + hasher.hash(normalizedEmail);
    }

    /** @return the start of every email index key of the tenant */
    String contactsByEmailPrefix() {
        return base + ":c-email:";
    }

    String contactSources() {
        return base + ":c-source";
    }

    String contactsByStatus(String status) {
        return base + ":c-status:" + status;
    }

    String contactsByTag(String tag) {
        return base + ":c-tag:" + tag;
    }

    /**
     * @param token a free-text search token ({@code SearchText})
     * @return the set of the contacts whose search text holds the token, named by the token's keyed
     *     hash ({@link KeyHasher}): tokens come from names, emails and notes, personal values that
     *     never appear in a key name
     */
    String contactsByWord(String token) {
        return base + ":c-word:" + hasher.hash(token);
    }

    /**
     * @return the marker that the tenant's word index ({@link #contactsByWord}) is complete: set by
     *     the write that adds a first contact to an empty tenant and by {@link RedisSearchIndex#build}
     *     on a keyspace written before the index existed, removed with the tenant's last contact
     */
    String contactWordsComplete() {
        return base + ":c-words";
    }

    // Credits

    /** @return the account's state, named by the keyed hash of its id, never the id */
    String account(String accountId) {
        return base + ":a:" + accountHash(accountId);
    }

    String ledger(String accountId) {
        return base + ":a-ledger:" + accountHash(accountId);
    }

    String idempotencyKeys(String accountId) {
        return base + ":a-idem:" + accountHash(accountId);
    }

    /** @return the account's state, ledger and idempotency keys */
    List<String> accountKeys(String accountId) {
        return List.of(account(accountId), ledger(accountId), idempotencyKeys(accountId));
    }

    /**
     * @return the account's state, ledger and idempotency keys as they were named before account
     *     ids were hashed (the id in clear), for {@link RedisKeyNames#migrate}
     */
    List<String> unhashedAccountKeys(String accountId) {
        return List.of(base + ":a:" + accountId, base + ":a-ledger:" + accountId, base + ":a-idem:" + accountId);
    }

    /** @return the name an account's keys end with */
    String accountHash(String accountId) {
        return hasher.hash("account " + accountId);
    }

    String accountIds() {
        return base + ":a-ids";
    }

    // Tokens

    /** @return the credential's hash, named by the keyed hash of (subject, provider) */
    String credential(String subject, String provider) {
        return base + ":cred:" + credentialHash(subject, provider);
    }

    /**
     * The credential's member in the name order, {@code '<subject> <provider> <hashed name>'}, and
     * its suffix in the time orders ({@code '<time> <name>'}): subject and provider first, so the
     * lexicographic order and cursors stay (subject, provider) (no identifier holds a character
     * below {@code '!'}), the hashed name last, so a script finds the record
     * ({@code <credentialPrefix><last 43 characters>}).
     */
    String credentialName(String subject, String provider) {
        return subject + " " + provider + " " + credentialHash(subject, provider);
    }

    private String credentialHash(String subject, String provider) {
        return hasher.hash("credential " + subject + " " + provider);
    }

    String credentialPrefix() {
        return base + ":cred:";
    }

    String credentialIds() {
        return base + ":cred-ids";
    }

    String credentialsByAccessExpiry() {
        return base + ":cred-access";
    }

    String credentialsByExpiry() {
        return base + ":cred-expiry";
    }

    String refreshToken(String hash) {
        return base + ":rt:" + hash;
    }

    String refreshTokenPrefix() {
        return base + ":rt:";
    }

    String refreshFamilyPrefix() {
        return base + ":rt-family:";
    }

    String refreshFamily(UUID familyId) {
        return base + ":rt-family:" + familyId;
    }

    String refreshFamiliesOfSubjectPrefix() {
        return base + ":rt-subject:";
    }

    /** @return the set of a subject's family ids, named by the subject's keyed hash ({@link #owner}) */
    String refreshFamiliesOf(String subject) {
        return base + ":rt-subject:" + owner(subject);
    }

    /**
     * @return the keyed hash of a refresh-token subject: the name of its family set, kept on each
     *     family ({@code owner}) and in the expiry order's members, so scripts reach the set
     *     without the subject
     */
    String owner(String subject) {
        return hasher.hash("subject " + subject);
    }

    /** @return the tenant's refresh-token family ids (sorted set, lexicographic: the scan order) */
    String refreshFamilies() {
        return base + ":rt-families";
    }

    String refreshTokensByExpiry() {
        return base + ":rt-expiry";
    }

    String deniedAccessToken(String jti) {
        return base + ":jti:" + jti;
    }

    String deniedAccessTokenPrefix() {
        return base + ":jti:";
    }

    String deniedAccessTokensByExpiry() {
        return base + ":jti-expiry";
    }

    /**
     * The registry of the tenants a prefix holds data for: a set outside every tenant's hash tag.
     * Its hash tag {@code {<prefix>:}} holds no tenant (a tenant id is never empty), and its name
     * starts like every other key of the prefix, so a sweep of {@code {<prefix>:*} finds it too.
     *
     * @param prefix the key prefix
     * @return the registry's key
     */
    static String tenantRegistry(String prefix) {
        return "{" + prefix + ":}:tenants";
    }

    /**
     * The sortable text form of an instant: microseconds since {@link Timestamps#MIN},
     * zero-padded to {@value #TIME_WIDTH} digits. Lexicographic order equals time order, and it is
     * exact for every storable instant, unlike a sorted-set score (a double) or a Lua number.
     *
     * @param instant an instant within {@link Timestamps#MIN}..{@link Timestamps#MAX}
     * @return its fixed-width text
     */
    static String time(Instant instant) {
        String digits = Long.toString(Timestamps.toEpochMicros(instant) - MIN_MICROS);
        return "0".repeat(TIME_WIDTH - digits.length()) + digits;
    }

    /**
     * @param text a {@link #time} text
     * @return the instant
     */
    static Instant instant(String text) {
        return Timestamps.ofEpochMicros(Long.parseLong(text) + MIN_MICROS);
    }
}
