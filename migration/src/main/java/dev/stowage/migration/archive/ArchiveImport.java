package dev.stowage.migration.archive;

import dev.stowage.ImportResult;
import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.exception.ConflictException;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;
import dev.stowage.token.Credential;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RevokedAccessToken;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restores an archive into any backend with the stores' bulk imports, one batch at a time:
 * <pre>{@code
 * ArchiveSummary summary = ArchiveImport.from(Path.of("backup.jsonl.gz")).into(stores).run();
 * }</pre>
 * Idempotent, like the imports it uses: a contact the target holds at the same or a newer
 * version, a credential with a newer {@code updatedAt}, a ledger slice already appended are
 * skipped (counted as such); refresh families are merged and denials never shortened. So an
 * import that was stopped or failed is simply run again. A ledger that forked on the target (the
 * target holds other entries at those sequences) is left alone and counted as skipped; a
 * verification shows it. Memory: one batch. Not thread-safe, except {@link #stop()}.
 */
public final class ArchiveImport {

    private final Path file;
    private Stores target;
    private int batchSize = 1_000;
    private ArchiveListener listener = ArchiveListener.NONE;
    private volatile boolean stopping;

    private ArchiveImport(Path file) {
        this.file = file;
    }

    /**
     * @param file an archive written by {@link ArchiveExport} (or {@link ArchiveWriter})
     * @return an import of it
     */
    public static ArchiveImport from(Path file) {
        return new ArchiveImport(Check.required(file, "file"));
    }

    /**
     * @param stores where to restore the records (each store into its own backend)
     * @return this
     */
    public ArchiveImport into(Stores stores) {
        this.target = Check.required(stores, "stores");
        return this;
    }

    /**
     * @param value records per import call, 1..1 000; default 1 000
     * @return this
     */
    public ArchiveImport batchSize(int value) {
        this.batchSize = Check.range(value, "batchSize", 1, 1_000);
        return this;
    }

    /**
     * @param value told after every batch, with the share of the file read
     * @return this
     */
    public ArchiveImport listener(ArchiveListener value) {
        this.listener = Check.required(value, "listener");
        return this;
    }

    /**
     * Asks a running import to stop after the batch it is writing; any thread may call it.
     */
    public void stop() {
        stopping = true;
    }

    /**
     * @return what was applied; {@code complete()} is false if {@link #stop()} cut it short
     * @throws ArchiveException if the archive is malformed or truncated (what was imported before
     *     the bad line stays imported)
     */
    public ArchiveSummary run() {
        Check.required(target, "target");
        long start = System.nanoTime();
        List<ArchiveSummary.Line> lines = new ArrayList<>();
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            Batch batch = null;
            long done = 0;
            while (!stopping) {
                Optional<ArchiveEntry> next = reader.next();
                if (batch != null && (next.isEmpty() || !batch.holds(next.get()) || batch.records.size() >= batchSize)) {
                    batch.flush();
                    done += batch.flushed;
                    tell(batch.kind, done, reader.fractionRead());
                    if (next.isEmpty() || !batch.holds(next.get())) {
                        lines.add(batch.line());
                        batch = null;
                    }
                }
                if (next.isEmpty()) {
                    break;
                }
                if (batch == null) {
                    batch = new Batch(next.get().records(), next.get().tenant());
                }
                batch.records.add(next.get().record());
            }
            if (batch != null) {
                batch.flush();
                lines.add(batch.line());
            }
            String targetName = String.join("+", new java.util.TreeSet<>(target.backends().stream()
                    .map(dev.stowage.spi.StoreBackend::name).toList()));
            return new ArchiveSummary("import", file.toString(), targetName, lines,
                    Duration.ofNanos(System.nanoTime() - start), !stopping);
        }
    }

    private void tell(RecordKind kind, long done, double fraction) {
        try {
            listener.progress(kind, done, fraction);
        } catch (RuntimeException ignored) {
            // A listener's failure is not the import's.
        }
    }

    /** The records of one kind and tenant waiting for their import call. */
    private final class Batch {
        final RecordKind kind;
        final TenantId tenant;
        final List<Object> records = new ArrayList<>();
        long read;
        long written;
        long skipped;
        int flushed;

        Batch(RecordKind kind, TenantId tenant) {
            this.kind = kind;
            this.tenant = tenant;
        }

        boolean holds(ArchiveEntry entry) {
            return entry.records() == kind && entry.tenant().equals(tenant);
        }

        @SuppressWarnings("unchecked")
        void flush() {
            flushed = records.size();
            if (records.isEmpty()) {
                return;
            }
            Stores view = target.forTenant(tenant);
            ImportResult result = switch (kind) {
                case CONTACTS -> view.contacts().importContacts((List<Contact>) (List<?>) records);
                case CREDIT_ACCOUNTS -> appendSlices(view);
                case CREDENTIALS -> view.tokens().importCredentials((List<Credential>) (List<?>) records);
                case REFRESH_FAMILIES -> view.tokens().importRefreshFamilies((List<RefreshFamily>) (List<?>) records);
                case REVOKED_ACCESS_TOKENS ->
                        view.tokens().importRevokedAccessTokens((List<RevokedAccessToken>) (List<?>) records);
            };
            read += records.size();
            written += result.inserted() + result.updated();
            skipped += result.skipped();
            records.clear();
        }

        /** One {@code appendEntries} per slice; a slice counts as written when it appended anything. */
        private ImportResult appendSlices(Stores view) {
            int appended = 0;
            int unchanged = 0;
            for (Object record : records) {
                LedgerSlice slice = (LedgerSlice) record;
                try {
                    ImportResult result = view.credits().appendEntries(slice.account().accountId(), slice.entries());
                    if (result.inserted() > 0) {
                        appended++;
                    } else {
                        unchanged++;
                    }
                } catch (ConflictException forked) {
                    unchanged++;
                }
            }
            return new ImportResult(appended, 0, unchanged);
        }

        ArchiveSummary.Line line() {
            return new ArchiveSummary.Line(kind, tenant, read, written, skipped);
        }
    }
}
