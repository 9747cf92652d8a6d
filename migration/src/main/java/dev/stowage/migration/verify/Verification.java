package dev.stowage.migration.verify;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.support.Text;
import dev.stowage.support.Timestamps;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Proves that a target holds exactly what a source holds, through the public SPI only:
 * <pre>{@code
 * VerificationReport report = Verification.of(redis, postgres)
 *         .stores(StoreKind.CONTACTS, StoreKind.CREDITS)
 *         .tenants(TenantId.of("acme"), TenantId.of("globex"))
 *         .run();
 * if (report.state() != VerificationState.VALIDATED) {
 *     System.out.println(report.toTable());
 * }
 * }</pre>
 * For each store, kind of records and tenant, the two sides are scanned in key order and merged
 * key by key: every record is compared, none is sampled, and memory holds one page per side
 * whatever the size of the stores. What is compared:
 * <ul>
 *   <li><b>contacts</b> ({@link dev.stowage.contact.ContactStore#scan}, unsigned id order): every
 *       field, version and timestamps included;</li>
 *   <li><b>accounts</b> ({@link dev.stowage.credit.CreditStore#scanAccounts}, code point order)
 *       with their whole ledgers: the account's fields, every entry by sequence (id, type, amount,
 *       balanceAfter, reason, metadata, idempotency key, createdAt), the entry count and last
 *       sequence, and on each side {@code balance = sum(amounts)}, the totals, consecutive
 *       sequences and the balanceAfter chain;</li>
 *   <li><b>credentials</b> ({@link dev.stowage.token.TokenStore#scanCredentials}, (subject,
 *       provider) in code point order): every field, token values compared but never shown, with
 *       expiry taken into account by the rule of {@link #expiryTolerance};</li>
 *   <li><b>refresh-token families</b> ({@link dev.stowage.token.TokenStore#scanRefreshFamilies},
 *       unsigned family-id order): subject, createdAt, revocation, and every token by id (hash,
 *       issuedAt, expiresAt, used), each family and token by the expiry rule; hashes compared,
 *       never shown;</li>
 *   <li><b>the access-token denylist</b> ({@link dev.stowage.token.TokenStore#scanRevokedAccessTokens},
 *       (expiresAt, jti) order): each entry by the expiry rule; a jti denied until another
 *       instant on the other side shows as missing on both.</li>
 * </ul>
 * When {@link #tenants} is not given, every tenant either side lists
 * ({@link StoreBackend#tenants()}, over the verified stores) is verified, so a tenant only the
 * target holds is a mismatch; if a backend cannot list its tenants, {@link TenantId#DEFAULT}
 * alone, and the report's notes say so.
 * <p>
 * A builder, not thread-safe, except {@link #stop()}, which any thread may call. Arguments are
 * checked when given: a bad one is a {@link ValidationException} naming it.
 */
public final class Verification {

    /** The reason of records left INCOMPLETE by {@link #stop()} or an interrupt. */
    static final String STOPPED = "the verification was stopped";

    /** Default {@link #maxReportedKeys}. */
    public static final int DEFAULT_MAX_REPORTED_KEYS = 100;
    /** Largest {@link #maxReportedKeys}. */
    public static final int MAX_REPORTED_KEYS = 10_000;
    /** Default {@link #pageSize}. */
    public static final int DEFAULT_PAGE_SIZE = 1_000;
    /** Default {@link #expiryTolerance}. */
    public static final Duration DEFAULT_EXPIRY_TOLERANCE = Duration.ofSeconds(1);
    /** Largest {@link #expiryTolerance}. */
    public static final Duration MAX_EXPIRY_TOLERANCE = Duration.ofHours(1);

    private final Endpoint source;
    private final Endpoint target;
    private Set<StoreKind> stores = EnumSet.allOf(StoreKind.class);
    private List<TenantId> tenants;
    private int maxReportedKeys = DEFAULT_MAX_REPORTED_KEYS;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private Clock clock = Clock.systemUTC();
    private Duration expiryTolerance = DEFAULT_EXPIRY_TOLERANCE;
    private VerificationListener listener = VerificationListener.NONE;
    private volatile boolean stopped;

    private Verification(Endpoint source, Endpoint target) {
        this.source = source;
        this.target = target;
    }

    /**
     * @param source the backend holding the data of record
     * @param target the backend that should hold the same
     * @return a verification of every store of every tenant, until configured otherwise
     */
    public static Verification of(StoreBackend source, StoreBackend target) {
        return new Verification(Endpoint.of(source, "source"), Endpoint.of(target, "target"));
    }

    /**
     * Verifies each store in the backend {@code Stores} keeps it in. The tenant the
     * {@code Stores} are bound to does not matter; {@link #tenants} chooses.
     *
     * @param source the stores holding the data of record
     * @param target the stores that should hold the same
     * @return a verification of every store of every tenant, until configured otherwise
     */
    public static Verification of(Stores source, Stores target) {
        return new Verification(Endpoint.of(source, "source"), Endpoint.of(target, "target"));
    }

    /**
     * @param kinds the stores to verify, at least one (default: all three)
     * @return this
     */
    public Verification stores(StoreKind... kinds) {
        Check.required(kinds, "stores");
        if (kinds.length == 0) {
            throw new ValidationException("stores", "not-empty", "must name at least one store");
        }
        Set<StoreKind> chosen = EnumSet.noneOf(StoreKind.class);
        for (int i = 0; i < kinds.length; i++) {
            chosen.add(Check.required(kinds[i], "stores[" + i + "]"));
        }
        this.stores = chosen;
        return this;
    }

    /**
     * The tenants to verify, in this order (duplicates once). The default is every tenant the
     * source or the target lists ({@link StoreBackend#tenants()}), in code point order; or
     * {@link TenantId#DEFAULT} alone if a backend cannot list its tenants (the report's notes
     * say so). A tenant not verified is not in the report.
     *
     * @param ids at least one tenant
     * @return this
     */
    public Verification tenants(TenantId... ids) {
        Check.required(ids, "tenants");
        if (ids.length == 0) {
            throw new ValidationException("tenants", "not-empty", "must name at least one tenant");
        }
        Set<TenantId> chosen = new LinkedHashSet<>();
        for (int i = 0; i < ids.length; i++) {
            chosen.add(Check.required(ids[i], "tenants[" + i + "]"));
        }
        this.tenants = List.copyOf(chosen);
        return this;
    }

    /**
     * @param n how many mismatching keys each {@link RecordsResult} lists, 0..{@value #MAX_REPORTED_KEYS}
     *          (default {@value #DEFAULT_MAX_REPORTED_KEYS}); all of them are counted whatever {@code n}
     * @return this
     */
    public Verification maxReportedKeys(int n) {
        this.maxReportedKeys = Check.range(n, "maxReportedKeys", 0, MAX_REPORTED_KEYS);
        return this;
    }

    /**
     * @param n records (and ledger entries) read per call to a store, 1..10 000 (default
     *          {@value #DEFAULT_PAGE_SIZE}); memory use is proportional to it
     * @return this
     */
    public Verification pageSize(int n) {
        this.pageSize = Check.range(n, "pageSize", 1, Check.MAX_BATCH_LIMIT);
        return this;
    }

    /**
     * @param value the clock that decides expiry and stamps the report (default: system UTC);
     *              give the stores' clock when they use another
     * @return this
     */
    public Verification clock(Clock value) {
        this.clock = Check.required(value, "clock");
        return this;
    }

    /**
     * The expiry rule. An expiring item (a credential) counts as present on a side only if it
     * is unexpired {@code tolerance} after the verifier's clock reads now, at the moment its key
     * is compared; otherwise it counts as absent on that side. So an item that expires while the
     * verification (or a copy before it) runs is absent on both sides rather than a mismatch,
     * while an item the target lacks or holds with another expiry, and that is still valid, is
     * reported. The tolerance absorbs clocks that disagree slightly, such as a store's clock
     * against a Redis server's TTL clock.
     *
     * @param tolerance 0..1 hour (default 1 second)
     * @return this
     */
    public Verification expiryTolerance(Duration tolerance) {
        Check.required(tolerance, "expiryTolerance");
        if (tolerance.isNegative() || tolerance.compareTo(MAX_EXPIRY_TOLERANCE) > 0) {
            throw new ValidationException("expiryTolerance", "range", "must be between 0 and 1 hour");
        }
        this.expiryTolerance = tolerance;
        return this;
    }

    /**
     * @param value told about each kind of records of each tenant as it starts, progresses and ends
     * @return this
     */
    public Verification listener(VerificationListener value) {
        this.listener = Check.required(value, "listener");
        return this;
    }

    /**
     * Asks a running verification to stop; the records being compared and those not started end
     * INCOMPLETE. Final: a later {@link #run()} of this verification stops at once. Interrupting
     * the running thread has the same effect (the interrupt flag stays set).
     */
    public void stop() {
        stopped = true;
    }

    /**
     * Runs the verification on the calling thread. Failures to read a side do not throw: they
     * leave the records concerned INCOMPLETE, with the reason, and the run goes on.
     *
     * @return the report, with a result per store, kind of records and tenant, in that order
     */
    public VerificationReport run() {
        Instant startedAt = Timestamps.now(clock);
        ExpiryRule expiry = new ExpiryRule(clock, expiryTolerance);
        KeyMerge.Settings settings = new KeyMerge.Settings(pageSize, maxReportedKeys, this::stopRequested, listener);
        List<String> notes = new ArrayList<>();
        List<TenantId> tenants = this.tenants != null ? this.tenants : discoverTenants(notes);
        List<RecordsResult> results = new ArrayList<>();
        for (StoreKind store : stores) {
            for (RecordComparer<?> comparer : comparers(store, expiry)) {
                for (TenantId tenant : tenants) {
                    results.add(stopRequested()
                            ? KeyMerge.notStarted(comparer.records(), tenant)
                            : verify(comparer, tenant, settings));
                }
            }
        }
        return new VerificationReport(source.describe(), target.describe(), startedAt, Timestamps.now(clock),
                results, notes);
    }

    /**
     * Every tenant either side lists over the verified stores; the default tenant alone if a
     * backend cannot list them, or if none is listed (a report has at least one result). A
     * backend whose listing fails is noted, and the default tenant is verified with the tenants
     * the other side lists (reading the failing side then most likely fails too, INCOMPLETE).
     */
    private List<TenantId> discoverTenants(List<String> notes) {
        SortedSet<TenantId> found = new TreeSet<>(Comparator.comparing(TenantId::value, Text.CODE_POINT_ORDER));
        boolean failed = false;
        for (StoreKind store : stores) {
            for (Side.Role role : Side.Role.values()) {
                StoreBackend backend = (role == Side.Role.SOURCE ? source : target).backend(store);
                try {
                    found.addAll(backend.tenants());
                } catch (UnsupportedCapabilityException e) {
                    notes.add("tenants not chosen and the " + role.label() + "'s " + backend.name() + " backend cannot"
                            + " list its tenants: only the default tenant '" + TenantId.DEFAULT.value() + "' was verified");
                    return List.of(TenantId.DEFAULT);
                } catch (StoreException e) {
                    notes.add("tenants not chosen and the " + role.label() + " could not list its tenants ("
                            + e.getMessage() + "): verified the default tenant and those the other side lists");
                    failed = true;
                }
            }
        }
        if (failed) {
            found.add(TenantId.DEFAULT);
            return List.copyOf(found);
        }
        if (found.isEmpty()) {
            notes.add("tenants not chosen and neither side lists a tenant: the default tenant was verified");
            return List.of(TenantId.DEFAULT);
        }
        notes.add("tenants not chosen: discovered from both sides (" + found.size() + ")");
        return List.copyOf(found);
    }

    /** The comparers of a store; a kind of records the SPI learns to scan is one more here. */
    private List<RecordComparer<?>> comparers(StoreKind store, ExpiryRule expiry) {
        return switch (store) {
            case CONTACTS -> List.of(new ContactComparer());
            case CREDITS -> List.of(new AccountComparer(pageSize));
            case TOKENS -> List.of(new CredentialComparer(expiry), new RefreshFamilyComparer(expiry),
                    new RevokedAccessTokenComparer(expiry));
        };
    }

    private <R> RecordsResult verify(RecordComparer<R> comparer, TenantId tenant, KeyMerge.Settings settings) {
        StoreKind store = comparer.records().store();
        Side sourceSide = new Side(Side.Role.SOURCE, source.backend(store), tenant);
        Side targetSide = new Side(Side.Role.TARGET, target.backend(store), tenant);
        return new KeyMerge<>(comparer, tenant, sourceSide, targetSide, settings).run();
    }

    private boolean stopRequested() {
        return stopped || Thread.currentThread().isInterrupted();
    }
}
