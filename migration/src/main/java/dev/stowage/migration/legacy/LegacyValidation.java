package dev.stowage.migration.legacy;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.legacy.LegacyValidationReport.CollectionValidation;
import dev.stowage.migration.legacy.LegacyValidationReport.DanglingReference;
import dev.stowage.migration.legacy.LegacyValidationReport.FieldDifference;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.source.SourceRecord;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.Credential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Computes a {@link LegacyValidationReport}: reads every mapped collection of the source again,
 * batch by batch, maps each record as the copy did, and checks it against the target and the id
 * mapping store. Memory: one batch, plus the set of legacy ids seen per collection (so that a
 * record a source returns twice counts once). Writes nothing.
 */
public final class LegacyValidation {

    private static final int BATCH = 500;
    private static final String HIDDEN = "<hidden>";
    private static final String NONE = "<none>";
    private static final String ABSENT = "<absent>";

    private final RecordSource source;
    private final RecordMapper mapper;
    private final IdMappingStore ids;
    private final Function<RecordKind, StoreBackend> targets;
    private final TenantId tenant;
    private final FieldComparison comparison;

    private final List<FieldDifference> differences = new ArrayList<>();
    private final List<DanglingReference> dangling = new ArrayList<>();
    private final List<MappingFailure> failures = new ArrayList<>();
    private final ConversionTally tally = new ConversionTally();

    /**
     * @param source     the legacy source (read again from the start)
     * @param mapper     the run's mapper (same namespace and import time as the copy)
     * @param ids        the id mapping store the copy recorded into
     * @param targets    the target backend of each kind of record
     * @param tenant     the tenant imported into
     * @param comparison which records to compare field by field
     */
    public LegacyValidation(RecordSource source, RecordMapper mapper, IdMappingStore ids,
                            Function<RecordKind, StoreBackend> targets, TenantId tenant, FieldComparison comparison) {
        this.source = Check.required(source, "source");
        this.mapper = Check.required(mapper, "mapper");
        this.ids = Check.required(ids, "ids");
        this.targets = Check.required(targets, "targets");
        this.tenant = Check.required(tenant, "tenant");
        this.comparison = Check.required(comparison, "comparison");
    }

    /**
     * @param collections the collections to validate (mapped ones)
     * @return the four layers
     */
    public LegacyValidationReport run(List<CollectionMapping> collections) {
        List<CollectionValidation> lines = new ArrayList<>();
        for (CollectionMapping collection : collections) {
            lines.add(validate(collection));
        }
        return new LegacyValidationReport(mapper.namespace(), comparison, lines, differences, dangling,
                tally.snapshot(), failures);
    }

    private CollectionValidation validate(CollectionMapping collection) {
        Counts counts = new Counts();
        Set<String> seen = new HashSet<>();
        String position = null;
        while (true) {
            RecordBatch batch = source.read(collection.collection(), position, BATCH);
            List<MappedRecord> mapped = new ArrayList<>();
            for (SourceRecord record : batch.records()) {
                if (!seen.add(record.legacyId())) {
                    continue;
                }
                counts.sourceRecords++;
                MappingResult result = mapper.map(record, tally);
                if (result instanceof MappedRecord m) {
                    mapped.add(m);
                } else {
                    counts.rejected++;
                    listed(failures, (MappingFailure) result);
                }
            }
            // What the source could not read at all was rejected by the copy: counted as found and rejected.
            counts.sourceRecords += batch.unreadable().size();
            counts.rejected += batch.unreadable().size();
            check(collection.records(), mapped, counts);
            if (batch.isLast()) {
                break;
            }
            position = batch.nextPosition();
        }
        return new CollectionValidation(collection.collection(), collection.records(), counts.sourceRecords,
                counts.sourceRecords - counts.rejected, counts.rejected, counts.onTarget, counts.missing,
                counts.idMappings, counts.compared, counts.differing, counts.references, counts.dangling);
    }

    private void check(RecordKind kind, List<MappedRecord> batch, Counts counts) {
        if (batch.isEmpty()) {
            return;
        }
        String collection = batch.get(0).collection();
        counts.idMappings += ids.find(mapper.namespace(), collection,
                batch.stream().map(MappedRecord::legacyId).toList()).size();
        Map<String, Optional<Map<String, Object>>> targetValues = targetValues(kind, batch);
        for (MappedRecord record : batch) {
            Optional<Map<String, Object>> actual = targetValues.get(record.legacyId());
            if (actual.isEmpty()) {
                counts.missing++;
            } else {
                counts.onTarget++;
            }
            if (comparison.selects(collection, record.legacyId())) {
                counts.compared++;
                if (compare(record, fields(record.value()), actual.orElse(null))) {
                    counts.differing++;
                }
            }
        }
        references(batch, counts);
    }

    /** Every reference of the batch, resolved through the id mapping store, by referred collection. */
    private void references(List<MappedRecord> batch, Counts counts) {
        Map<String, Set<String>> byCollection = new LinkedHashMap<>();
        for (MappedRecord record : batch) {
            for (Reference reference : record.references()) {
                byCollection.computeIfAbsent(reference.collection(), c -> new HashSet<>()).add(reference.legacyId());
            }
        }
        Map<String, Map<String, IdMapping>> resolved = new HashMap<>();
        byCollection.forEach((collection, legacyIds) -> resolved.put(collection,
                ids.find(mapper.namespace(), collection, legacyIds)));
        for (MappedRecord record : batch) {
            for (Reference reference : record.references()) {
                counts.references++;
                IdMapping target = resolved.get(reference.collection()).get(reference.legacyId());
                if (target == null || !target.id().equals(reference.id())) {
                    counts.dangling++;
                    listed(dangling, new DanglingReference(record.collection(), record.legacyId(), reference.field(),
                            reference.collection(), reference.legacyId()));
                }
            }
        }
    }

    /** The target's version of each record of the batch, as comparable fields, by legacy id. */
    private Map<String, Optional<Map<String, Object>>> targetValues(RecordKind kind, List<MappedRecord> batch) {
        Map<String, Optional<Map<String, Object>>> values = new HashMap<>();
        StoreBackend target = targets.apply(kind);
        switch (kind) {
            case CONTACTS -> {
                Map<UUID, Contact> found = new HashMap<>();
                for (int from = 0; from < batch.size(); from += Check.MAX_PAGE_LIMIT) {
                    List<UUID> page = batch.subList(from, Math.min(batch.size(), from + Check.MAX_PAGE_LIMIT)).stream()
                            .map(MappedRecord::id).toList();
                    target.contacts(tenant).getAll(page).forEach(c -> found.put(c.id(), c));
                }
                batch.forEach(r -> values.put(r.legacyId(), Optional.ofNullable(found.get(r.id())).map(this::fields)));
            }
            case CREDIT_ACCOUNTS -> {
                CreditStore credits = target.credits(tenant);
                for (MappedRecord record : batch) {
                    String accountId = record.account().account().accountId();
                    values.put(record.legacyId(), credits.account(accountId).map(a -> account(a, credits)));
                }
            }
            case CREDENTIALS -> {
                for (MappedRecord record : batch) {
                    Credential expected = record.credential();
                    values.put(record.legacyId(), target.tokens(tenant).credential(expected.subject(),
                            expected.provider()).map(this::fields));
                }
            }
            default -> throw new IllegalStateException("not a legacy kind: " + kind);
        }
        return values;
    }

    /** @return whether a field differs; lists the differences */
    private boolean compare(MappedRecord record, Map<String, Object> expected, Map<String, Object> actual) {
        if (actual == null) {
            listed(differences, new FieldDifference(record.collection(), record.legacyId(), "record", "present", ABSENT));
            return true;
        }
        boolean differs = false;
        for (Map.Entry<String, Object> field : expected.entrySet()) {
            Object target = actual.get(field.getKey());
            if (!Objects.equals(field.getValue(), target)) {
                differs = true;
                listed(differences, new FieldDifference(record.collection(), record.legacyId(), field.getKey(),
                        shown(field.getKey(), field.getValue()), shown(field.getKey(), target)));
            }
        }
        return differs;
    }

    private Map<String, Object> fields(Object value) {
        if (value instanceof Contact c) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", c.id());
            f.put("firstName", c.firstName());
            f.put("lastName", c.lastName());
            f.put("email", c.email());
            f.put("phone", c.phone());
            f.put("company", c.company());
            f.put("title", c.title());
            f.put("address", c.address());
            f.put("notes", c.notes());
            f.put("status", c.status());
            f.put("tags", c.tags());
            f.put("customFields", c.customFields());
            f.put("source", c.source());
            f.put("sourceId", c.sourceId());
            f.put("createdAt", c.createdAt());
            f.put("updatedAt", c.updatedAt());
            return f;
        }
        if (value instanceof AccountHistory h) {
            Map<String, Object> f = account(h.account(), null);
            f.put("invariant: balance = sum(amounts)", "holds");
            return f;
        }
        Credential c = (Credential) value;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("subject", c.subject());
        f.put("provider", c.provider());
        f.put("accessToken", c.accessToken());
        f.put("refreshToken", c.refreshToken());
        f.put("accessTokenExpiresAt", c.accessTokenExpiresAt());
        f.put("expiresAt", c.expiresAt());
        f.put("scopes", c.scopes());
        f.put("accountEmail", c.accountEmail());
        f.put("metadata", c.metadata());
        f.put("createdAt", c.createdAt());
        f.put("updatedAt", c.updatedAt());
        return f;
    }

    /** An account's fields; with its store, also whether its balance equals the sum of its ledger. */
    private static Map<String, Object> account(CreditAccount a, CreditStore ledger) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("accountId", a.accountId());
        f.put("balance", a.balance());
        f.put("totalPurchased", a.totalPurchased());
        f.put("totalUsed", a.totalUsed());
        f.put("createdAt", a.createdAt());
        if (ledger != null) {
            long sum = 0;
            long after = 0;
            while (true) {
                List<LedgerEntry> page = ledger.entries(a.accountId(), after, Check.MAX_BATCH_LIMIT);
                for (LedgerEntry entry : page) {
                    sum += entry.amount();
                }
                if (page.size() < Check.MAX_BATCH_LIMIT) {
                    break;
                }
                after = page.get(page.size() - 1).sequence();
            }
            f.put("invariant: balance = sum(amounts)", sum == a.balance() ? "holds"
                    : "broken: balance " + a.balance() + ", sum " + sum);
        }
        return f;
    }

    /** A value as a report may show it: identity and bookkeeping as they are, content hidden, secrets masked. */
    private static String shown(String field, Object value) {
        if (value == null) {
            return NONE;
        }
        return switch (field) {
            case "accessToken", "refreshToken" -> RecordMapper.MASK;
            case "firstName", "lastName", "email", "phone", "company", "title", "address", "notes", "tags",
                 "customFields", "accountEmail", "metadata" -> HIDDEN;
            default -> String.valueOf(value);
        };
    }

    private static <T> void listed(List<T> list, T item) {
        if (list.size() < LegacyValidationReport.MAX_LISTED) {
            list.add(item);
        }
    }

    /** One collection's running counts. */
    private static final class Counts {
        long sourceRecords;
        long rejected;
        long onTarget;
        long missing;
        long idMappings;
        long compared;
        long differing;
        long references;
        long dangling;
    }
}
