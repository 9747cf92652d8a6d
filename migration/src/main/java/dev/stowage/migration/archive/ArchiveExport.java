package dev.stowage.migration.archive;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.Credential;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.TokenStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes every record of the chosen stores and tenants to an archive, reading each store page by
 * page in its scan order, so memory holds one page whatever the data:
 * <pre>{@code
 * ArchiveSummary summary = ArchiveExport.from(stores).to(Path.of("backup.jsonl.gz"));
 * }</pre>
 * When {@link #tenants} is not given, every tenant the stores' backends list
 * ({@code StoreBackend.tenants()}); a backend that cannot list them exports the default tenant.
 * Expired credentials, tokens and denials are left out (the scans do). The export is not a
 * snapshot: a write made while it runs may or may not be in it. Not thread-safe, except
 * {@link #stop()}.
 */
public final class ArchiveExport {

    private static final java.util.Comparator<TenantId> BY_VALUE = java.util.Comparator.comparing(TenantId::value);

    private final Stores stores;
    private Set<StoreKind> kinds = EnumSet.allOf(StoreKind.class);
    private List<TenantId> tenants;
    private int pageSize = 1_000;
    private ArchiveListener listener = ArchiveListener.NONE;
    private Clock clock = Clock.systemUTC();
    private volatile boolean stopping;

    private ArchiveExport(Stores stores) {
        this.stores = stores;
    }

    /**
     * @param stores what to export (each store from its own backend)
     * @return an export of every store of every tenant, until configured otherwise
     */
    public static ArchiveExport from(Stores stores) {
        return new ArchiveExport(Check.required(stores, "stores"));
    }

    /**
     * @param values the stores to export, at least one; default all three
     * @return this
     */
    public ArchiveExport stores(StoreKind... values) {
        Check.required(values, "stores");
        if (values.length == 0) {
            throw new ValidationException("stores", "not-empty", "must name at least one store");
        }
        this.kinds = EnumSet.copyOf(Arrays.asList(values));
        return this;
    }

    /**
     * @param values the tenants to export, at least one; default every tenant the backends list
     * @return this
     */
    public ArchiveExport tenants(TenantId... values) {
        Check.required(values, "tenants");
        if (values.length == 0) {
            throw new ValidationException("tenants", "not-empty", "must name at least one tenant");
        }
        Set<TenantId> distinct = new TreeSet<>(BY_VALUE);
        distinct.addAll(Arrays.asList(values));
        this.tenants = List.copyOf(distinct);
        return this;
    }

    /**
     * @param value records read per call to a store, 1..10 000; default 1 000
     * @return this
     */
    public ArchiveExport pageSize(int value) {
        this.pageSize = Check.range(value, "pageSize", 1, Check.MAX_BATCH_LIMIT);
        return this;
    }

    /**
     * @param value told after every page
     * @return this
     */
    public ArchiveExport listener(ArchiveListener value) {
        this.listener = Check.required(value, "listener");
        return this;
    }

    /**
     * @param value the clock of the header's {@code exportedAt} and the summary's duration; default UTC
     * @return this
     */
    public ArchiveExport clock(Clock value) {
        this.clock = Check.required(value, "clock");
        return this;
    }

    /**
     * Asks a running export to stop after the page it is writing; any thread may call it. A
     * stopped export leaves no file (an archive is all or nothing): rerun it.
     */
    public void stop() {
        stopping = true;
    }

    /**
     * @param file the archive to write ({@code .gz}: compressed); replaced only once complete
     * @return what was written; {@code complete()} is false if {@link #stop()} cut it short
     * @throws ArchiveException if the file cannot be written
     */
    public ArchiveSummary to(Path file) {
        Check.required(file, "file");
        Instant start = clock.instant();
        List<ArchiveSummary.Line> lines = new ArrayList<>();
        ArchiveWriter writer = ArchiveWriter.create(file, sourceName(), start);
        Progress progress = new Progress();
        try {
            for (TenantId tenant : tenants()) {
                Stores view = stores.forTenant(tenant);
                if (kinds.contains(StoreKind.CONTACTS)) {
                    lines.add(contacts(writer, view, tenant, progress));
                }
                if (kinds.contains(StoreKind.CREDITS)) {
                    lines.add(accounts(writer, view.credits(), tenant, progress));
                }
                if (kinds.contains(StoreKind.TOKENS)) {
                    TokenStore tokens = view.tokens();
                    lines.add(pages(writer, RecordKind.CREDENTIALS, tenant, progress,
                            (Credential last) -> tokens.scanCredentials(last == null ? null : last.subject(),
                                    last == null ? null : last.provider(), pageSize)));
                    lines.add(pages(writer, RecordKind.REFRESH_FAMILIES, tenant, progress,
                            (RefreshFamily last) -> tokens.scanRefreshFamilies(last == null ? null : last.familyId(),
                                    pageSize)));
                    lines.add(pages(writer, RecordKind.REVOKED_ACCESS_TOKENS, tenant, progress,
                            (RevokedAccessToken last) -> tokens.scanRevokedAccessTokens(last, pageSize)));
                }
            }
        } catch (RuntimeException e) {
            writer.abort();
            throw e;
        }
        if (stopping) {
            writer.abort();
        } else {
            writer.close();
        }
        return new ArchiveSummary("export", sourceName(), file.toString(), lines,
                Duration.between(start, clock.instant()), !stopping);
    }

    private ArchiveSummary.Line contacts(ArchiveWriter writer, Stores view, TenantId tenant, Progress progress) {
        return pages(writer, RecordKind.CONTACTS, tenant, progress, (Contact last) -> {
            UUID after = last == null ? null : last.id();
            return view.contacts().scan(after, pageSize);
        });
    }

    private ArchiveSummary.Line accounts(ArchiveWriter writer, CreditStore credits, TenantId tenant, Progress progress) {
        long slices = 0;
        String after = null;
        while (!stopping) {
            List<CreditAccount> page = credits.scanAccounts(after, pageSize);
            for (CreditAccount account : page) {
                long sequence = 0;
                while (true) {
                    List<LedgerEntry> entries = credits.entries(account.accountId(), sequence, LedgerSlice.MAX_ENTRIES);
                    if (entries.isEmpty()) {
                        break;
                    }
                    writer.write(new ArchiveEntry(RecordKind.CREDIT_ACCOUNTS, tenant, new LedgerSlice(account, entries)));
                    slices++;
                    sequence = entries.get(entries.size() - 1).sequence();
                    if (entries.size() < LedgerSlice.MAX_ENTRIES) {
                        break;
                    }
                }
            }
            progress.told(RecordKind.CREDIT_ACCOUNTS, page.size());
            if (page.size() < pageSize) {
                break;
            }
            after = page.get(page.size() - 1).accountId();
        }
        return new ArchiveSummary.Line(RecordKind.CREDIT_ACCOUNTS, tenant, slices, slices, 0);
    }

    private <T> ArchiveSummary.Line pages(ArchiveWriter writer, RecordKind records, TenantId tenant, Progress progress,
                                          Function<T, List<T>> next) {
        long count = 0;
        T last = null;
        while (!stopping) {
            List<T> page = next.apply(last);
            for (T record : page) {
                writer.write(new ArchiveEntry(records, tenant, record));
            }
            count += page.size();
            progress.told(records, page.size());
            if (page.size() < pageSize) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        return new ArchiveSummary.Line(records, tenant, count, count, 0);
    }

    private List<TenantId> tenants() {
        if (tenants != null) {
            return tenants;
        }
        Set<TenantId> found = new TreeSet<>(BY_VALUE);
        for (StoreBackend backend : backends()) {
            try {
                found.addAll(backend.tenants());
            } catch (UnsupportedCapabilityException e) {
                found.add(TenantId.DEFAULT);
            }
        }
        return List.copyOf(found);
    }

    private Set<StoreBackend> backends() {
        Set<StoreBackend> chosen = new java.util.LinkedHashSet<>();
        if (kinds.contains(StoreKind.CONTACTS)) {
            chosen.add(stores.contactsBackend());
        }
        if (kinds.contains(StoreKind.CREDITS)) {
            chosen.add(stores.creditsBackend());
        }
        if (kinds.contains(StoreKind.TOKENS)) {
            chosen.add(stores.tokensBackend());
        }
        return chosen;
    }

    private String sourceName() {
        Set<String> names = new TreeSet<>();
        backends().forEach(backend -> names.add(backend.name()));
        return String.join("+", names);
    }

    private final class Progress {
        private long done;

        void told(RecordKind records, int count) {
            done += count;
            try {
                listener.progress(records, done, -1);
            } catch (RuntimeException ignored) {
                // A listener's failure is not the export's.
            }
        }
    }
}
