package dev.stowage.postgres;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountErasure;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.LedgerTail;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;
import dev.stowage.postgres.internal.schema.tables.records.CreditAccountRecord;
import dev.stowage.postgres.internal.schema.tables.records.CreditEntryRecord;
import dev.stowage.spi.AbstractCreditStore;
import dev.stowage.spi.PostingOutcome;
import dev.stowage.support.Ids;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.stowage.postgres.internal.schema.Tables.CREDIT_ACCOUNT;
import static dev.stowage.postgres.internal.schema.Tables.CREDIT_ENTRY;

/**
 * {@link CreditStore} of one tenant in the {@code credit_account} and {@code credit_entry}
 * tables. A posting is a single statement: a data-modifying CTE changes the account
 * conditionally ({@code balance + amount >= 0}) and the ledger row is inserted from what it
 * returned, so both happen or neither. Idempotency comes from the unique
 * (tenant, account, idempotency key) index, never from a read done first. The call rules
 * (argument checks, replay or conflict, errors, paging) are {@link AbstractCreditStore}'s.
 */
final class PostgresCreditStore extends AbstractCreditStore {

    /** The columns an account import passes as arrays (the tenant is one value). */
    private static final List<Field<?>> ACCOUNT_IMPORT_COLUMNS = List.of(CREDIT_ACCOUNT.ACCOUNT_ID,
            CREDIT_ACCOUNT.BALANCE, CREDIT_ACCOUNT.TOTAL_PURCHASED, CREDIT_ACCOUNT.TOTAL_USED,
            CREDIT_ACCOUNT.LAST_SEQUENCE, CREDIT_ACCOUNT.CREATED_AT, CREDIT_ACCOUNT.UPDATED_AT);

    private static final List<Field<?>> ENTRY_INSERT_COLUMNS = List.of(CREDIT_ENTRY.TENANT_ID, CREDIT_ENTRY.ACCOUNT_ID,
            CREDIT_ENTRY.SEQUENCE, CREDIT_ENTRY.ID, CREDIT_ENTRY.TYPE, CREDIT_ENTRY.AMOUNT, CREDIT_ENTRY.BALANCE_AFTER,
            CREDIT_ENTRY.REASON, CREDIT_ENTRY.METADATA, CREDIT_ENTRY.IDEMPOTENCY_KEY, CREDIT_ENTRY.CREATED_AT);

    /** The columns an entry import passes as arrays (the tenant is one value). */
    private static final List<Field<?>> ENTRY_IMPORT_COLUMNS = ENTRY_INSERT_COLUMNS.subList(1, ENTRY_INSERT_COLUMNS.size());

    private final Database db;
    private final Statements statements;
    private final String tenant;

    /**
     * @param db         the shared database edge
     * @param statements the backend's pre-rendered statements
     * @param tenant     the tenant every statement is bound to
     */
    PostgresCreditStore(Database db, Statements statements, TenantId tenant) {
        this.db = db;
        this.statements = statements;
        this.tenant = tenant.value();
    }

    @Override
    protected PostingOutcome tryPost(Posting posting) {
        Instant now = db.now();
        UUID id = Ids.timeOrdered(db.clock());
        long amount = posting.amount();
        List<long[]> written;
        try {
            written = db.fetchWriting("credits.post", amount > 0 ? statements.credit : statements.debit,
                    row -> new long[] {row.getLong(1), row.getLong(2)},
                    tenant, posting.accountId(), amount, posting.type() == EntryType.PURCHASE ? amount : 0L,
                    posting.type() == EntryType.DEDUCTION ? -amount : 0L, now, id, posting.type().name(),
                    posting.reason(), JsonCodec.encode(posting.metadata()), posting.idempotencyKey());
        } catch (ConflictException duplicate) {
            // Only the idempotency index can collide: answer with the entry that holds the key.
            return entryWithKey(posting).map(PostingOutcome::keyAlreadyUsed).orElseThrow(() -> duplicate);
        } catch (ValidationException rejected) {
            if (rejected.rule().equals("data")) {
                return PostingOutcome.overflow();
            }
            throw rejected;
        }
        if (!written.isEmpty()) {
            return PostingOutcome.posted(LedgerEntry.of(id, posting, written.get(0)[0], written.get(0)[1], now));
        }
        // The conditional update matched nothing: the account is missing or short of credits,
        // unless a posting was already made with the same key.
        return entryWithKey(posting).map(PostingOutcome::keyAlreadyUsed).orElseGet(PostingOutcome::insufficient);
    }

    /** The parameter names of the posting statements, in the order their values are passed. */
    private static final String[] POSTING_PARAMETERS = {
        "tenant", "account", "amount", "purchased", "used", "now", "id", "type", "reason", "metadata", "key"};

    /** The hot credit statements, rendered once per backend (see {@link RenderedStatement}). */
    static final class Statements {
        private final RenderedStatement credit;
        private final RenderedStatement debit;
        private final RenderedStatement account;
        private final RenderedStatement importAccounts;
        private final RenderedStatement importEntries;

        /**
         * @param dsl the backend's context
         */
        Statements(DSLContext dsl) {
            credit = RenderedStatement.render(dsl, posting(dsl, true), POSTING_PARAMETERS);
            debit = RenderedStatement.render(dsl, posting(dsl, false), POSTING_PARAMETERS);
            account = RenderedStatement.render(dsl, dsl.select(RowMappers.ACCOUNT_COLUMNS).from(CREDIT_ACCOUNT)
                    .where(CREDIT_ACCOUNT.TENANT_ID.eq(DSL.param("tenant", CREDIT_ACCOUNT.TENANT_ID)),
                            CREDIT_ACCOUNT.ACCOUNT_ID.eq(DSL.param("account", CREDIT_ACCOUNT.ACCOUNT_ID))),
                    "tenant", "account");
            importAccounts = RenderedStatement.render(dsl,
                    UnnestInsert.insert(dsl, CREDIT_ACCOUNT, CREDIT_ACCOUNT.TENANT_ID, ACCOUNT_IMPORT_COLUMNS)
                            .onConflictDoNothing()
                            .returningResult(CREDIT_ACCOUNT.ACCOUNT_ID),
                    UnnestInsert.parameterNames(ACCOUNT_IMPORT_COLUMNS));
            importEntries = RenderedStatement.render(dsl,
                    UnnestInsert.insert(dsl, CREDIT_ENTRY, CREDIT_ENTRY.TENANT_ID, ENTRY_IMPORT_COLUMNS)
                            .returningResult(CREDIT_ENTRY.SEQUENCE),
                    UnnestInsert.parameterNames(ENTRY_IMPORT_COLUMNS));
        }

        /**
         * A posting as one statement returning (sequence, balance after) of the new entry, or no
         * row when a debit finds no account with enough credits.
         *
         * @param credit whether the amount is positive (it may open the account) or negative
         */
        private static Query posting(DSLContext dsl, boolean credit) {
            Param<String> tenant = DSL.param("tenant", CREDIT_ACCOUNT.TENANT_ID);
            Param<String> accountId = DSL.param("account", CREDIT_ACCOUNT.ACCOUNT_ID);
            Param<Long> amount = DSL.param("amount", CREDIT_ACCOUNT.BALANCE);
            Param<Long> purchased = DSL.param("purchased", CREDIT_ACCOUNT.TOTAL_PURCHASED);
            Param<Long> used = DSL.param("used", CREDIT_ACCOUNT.TOTAL_USED);
            Param<Instant> now = DSL.param("now", CREDIT_ACCOUNT.UPDATED_AT);
            CommonTableExpression<Record2<Long, Long>> account;
            if (credit) {
                // A credit may open the account, so insert it or add to it.
                account = DSL.name("account").as(dsl.insertInto(CREDIT_ACCOUNT)
                        .set(CREDIT_ACCOUNT.TENANT_ID, tenant)
                        .set(CREDIT_ACCOUNT.ACCOUNT_ID, accountId)
                        .set(CREDIT_ACCOUNT.BALANCE, amount)
                        .set(CREDIT_ACCOUNT.TOTAL_PURCHASED, purchased)
                        .set(CREDIT_ACCOUNT.TOTAL_USED, used)
                        .set(CREDIT_ACCOUNT.LAST_SEQUENCE, DSL.inline(1L))
                        .set(CREDIT_ACCOUNT.CREATED_AT, now)
                        .set(CREDIT_ACCOUNT.UPDATED_AT, now)
                        .onConflict(CREDIT_ACCOUNT.TENANT_ID, CREDIT_ACCOUNT.ACCOUNT_ID)
                        .doUpdate()
                        .set(CREDIT_ACCOUNT.BALANCE, CREDIT_ACCOUNT.BALANCE.plus(DSL.excluded(CREDIT_ACCOUNT.BALANCE)))
                        .set(CREDIT_ACCOUNT.TOTAL_PURCHASED,
                                CREDIT_ACCOUNT.TOTAL_PURCHASED.plus(DSL.excluded(CREDIT_ACCOUNT.TOTAL_PURCHASED)))
                        .set(CREDIT_ACCOUNT.TOTAL_USED, CREDIT_ACCOUNT.TOTAL_USED.plus(DSL.excluded(CREDIT_ACCOUNT.TOTAL_USED)))
                        .set(CREDIT_ACCOUNT.LAST_SEQUENCE, CREDIT_ACCOUNT.LAST_SEQUENCE.plus(DSL.inline(1L)))
                        .set(CREDIT_ACCOUNT.UPDATED_AT,
                                DSL.greatest(CREDIT_ACCOUNT.UPDATED_AT, DSL.excluded(CREDIT_ACCOUNT.UPDATED_AT)))
                        .returningResult(CREDIT_ACCOUNT.LAST_SEQUENCE, CREDIT_ACCOUNT.BALANCE));
            } else {
                // A debit needs an existing account that stays non-negative; the condition is
                // re-checked on the latest row version, so concurrent debits never overdraw.
                account = DSL.name("account").as(dsl.update(CREDIT_ACCOUNT)
                        .set(CREDIT_ACCOUNT.BALANCE, CREDIT_ACCOUNT.BALANCE.plus(amount))
                        .set(CREDIT_ACCOUNT.TOTAL_PURCHASED, CREDIT_ACCOUNT.TOTAL_PURCHASED.plus(purchased))
                        .set(CREDIT_ACCOUNT.TOTAL_USED, CREDIT_ACCOUNT.TOTAL_USED.plus(used))
                        .set(CREDIT_ACCOUNT.LAST_SEQUENCE, CREDIT_ACCOUNT.LAST_SEQUENCE.plus(DSL.inline(1L)))
                        .set(CREDIT_ACCOUNT.UPDATED_AT, DSL.greatest(CREDIT_ACCOUNT.UPDATED_AT, now))
                        .where(CREDIT_ACCOUNT.TENANT_ID.eq(tenant), CREDIT_ACCOUNT.ACCOUNT_ID.eq(accountId),
                                CREDIT_ACCOUNT.BALANCE.plus(amount).ge(DSL.inline(0L)))
                        .returningResult(CREDIT_ACCOUNT.LAST_SEQUENCE, CREDIT_ACCOUNT.BALANCE));
            }
            return dsl.with(account)
                    .insertInto(CREDIT_ENTRY, ENTRY_INSERT_COLUMNS)
                    .select(DSL.select(tenant, accountId, account.field(CREDIT_ACCOUNT.LAST_SEQUENCE),
                                    DSL.param("id", CREDIT_ENTRY.ID), DSL.param("type", CREDIT_ENTRY.TYPE), amount,
                                    account.field(CREDIT_ACCOUNT.BALANCE), DSL.param("reason", CREDIT_ENTRY.REASON),
                                    DSL.param("metadata", CREDIT_ENTRY.METADATA),
                                    DSL.param("key", CREDIT_ENTRY.IDEMPOTENCY_KEY), now)
                            .from(account))
                    .returningResult(CREDIT_ENTRY.SEQUENCE, CREDIT_ENTRY.BALANCE_AFTER);
        }
    }

    private Optional<LedgerEntry> entryWithKey(Posting posting) {
        if (posting.idempotencyKey() == null) {
            return Optional.empty();
        }
        return db.read("credits.post", dsl -> dsl.select(RowMappers.ENTRY_COLUMNS).from(CREDIT_ENTRY)
                .where(CREDIT_ENTRY.TENANT_ID.eq(tenant), CREDIT_ENTRY.ACCOUNT_ID.eq(posting.accountId()),
                        CREDIT_ENTRY.IDEMPOTENCY_KEY.eq(posting.idempotencyKey()))
                .fetchOptional(row -> RowMappers.entry(Row.of(row))));
    }

    @Override
    protected Optional<CreditAccount> findAccount(String accountId) {
        return db.fetch("credits.account", statements.account, row -> RowMappers.account(Row.of(row)), tenant,
                accountId).stream().findFirst();
    }

    @Override
    protected List<LedgerEntry> readHistory(String accountId, long beforeSequence, int count) {
        return db.read("credits.history", dsl -> dsl.select(RowMappers.ENTRY_COLUMNS).from(CREDIT_ENTRY)
                .where(CREDIT_ENTRY.TENANT_ID.eq(tenant), CREDIT_ENTRY.ACCOUNT_ID.eq(accountId),
                        CREDIT_ENTRY.SEQUENCE.lt(beforeSequence))
                .orderBy(CREDIT_ENTRY.SEQUENCE.desc())
                .limit(count)
                .fetch(row -> RowMappers.entry(Row.of(row))));
    }

    @Override
    protected List<LedgerEntry> readEntries(String accountId, long afterSequence, int limit) {
        return db.read("credits.entries", dsl -> dsl.select(RowMappers.ENTRY_COLUMNS).from(CREDIT_ENTRY)
                .where(CREDIT_ENTRY.TENANT_ID.eq(tenant), CREDIT_ENTRY.ACCOUNT_ID.eq(accountId),
                        CREDIT_ENTRY.SEQUENCE.gt(afterSequence))
                .orderBy(CREDIT_ENTRY.SEQUENCE)
                .limit(limit)
                .fetch(row -> RowMappers.entry(Row.of(row))));
    }

    @Override
    protected List<CreditAccount> readAccounts(String afterAccountId, int limit) {
        return db.read("credits.scanAccounts", dsl -> dsl.select(RowMappers.ACCOUNT_COLUMNS).from(CREDIT_ACCOUNT)
                .where(CREDIT_ACCOUNT.TENANT_ID.eq(tenant),
                        afterAccountId == null ? DSL.noCondition() : CREDIT_ACCOUNT.ACCOUNT_ID.gt(afterAccountId))
                .orderBy(CREDIT_ACCOUNT.ACCOUNT_ID)
                .limit(limit)
                .fetch(row -> RowMappers.account(Row.of(row))));
    }

    @Override
    protected int insertAccounts(List<AccountHistory> batch) {
        List<CreditAccountRecord> accountRows = new ArrayList<>();
        for (AccountHistory history : batch) {
            CreditAccount account = history.account();
            accountRows.add(new CreditAccountRecord(tenant, account.accountId(), account.balance(),
                    account.totalPurchased(), account.totalUsed(), (long) history.entries().size(), account.createdAt(),
                    account.updatedAt()));
        }
        Object[] accountColumns = UnnestInsert.values(tenant, ACCOUNT_IMPORT_COLUMNS, accountRows);
        return db.transaction("credits.importAccounts", dsl -> {
            // Existing accounts are never overwritten: ON CONFLICT DO NOTHING, and only the
            // accounts this statement inserted get their ledgers.
            Set<String> inserted = new HashSet<>(db.fetchIn(dsl, statements.importAccounts, row -> row.getString(1),
                    accountColumns));
            List<CreditEntryRecord> entryRows = new ArrayList<>();
            for (AccountHistory history : batch) {
                if (inserted.contains(history.account().accountId())) {
                    history.entries().forEach(entry -> entryRows.add(entryRecord(entry)));
                }
            }
            if (!entryRows.isEmpty()) {
                db.fetchIn(dsl, statements.importEntries, row -> row.getLong(1),
                        UnnestInsert.values(tenant, ENTRY_IMPORT_COLUMNS, entryRows));
            }
            return inserted.size();
        });
    }

    // ---------------------------------------------------------------- ledger tails

    @Override
    protected ImportResult appendTail(LedgerTail tail) {
        try {
            return db.transaction("credits.appendEntries", dsl -> append(dsl, tail));
        } catch (OpenedConcurrently raced) {
            // The account did not exist when read and a posting opened it meanwhile; now it
            // exists, so the second attempt locks it.
            return db.transaction("credits.appendEntries", dsl -> append(dsl, tail));
        }
    }

    /**
     * Locks the account row (every posting updates it, so postings wait), reads what the plan
     * needs, and writes the plan: the account's new state and the entries.
     */
    private ImportResult append(DSLContext dsl, LedgerTail tail) {
        String accountId = tail.accountId();
        Record stored = dsl.select(RowMappers.ACCOUNT_COLUMNS).select(CREDIT_ACCOUNT.LAST_SEQUENCE).from(CREDIT_ACCOUNT)
                .where(CREDIT_ACCOUNT.TENANT_ID.eq(tenant), CREDIT_ACCOUNT.ACCOUNT_ID.eq(accountId))
                .forUpdate()
                .fetchOne();
        long last = stored == null ? 0 : stored.get(CREDIT_ACCOUNT.LAST_SEQUENCE);
        List<LedgerEntry> present = tail.firstSequence() > last ? List.of() : dsl.select(RowMappers.ENTRY_COLUMNS)
                .from(CREDIT_ENTRY)
                .where(CREDIT_ENTRY.TENANT_ID.eq(tenant), CREDIT_ENTRY.ACCOUNT_ID.eq(accountId),
                        CREDIT_ENTRY.SEQUENCE.between(tail.firstSequence(), Math.min(last, tail.lastSequence())))
                .orderBy(CREDIT_ENTRY.SEQUENCE)
                .fetch(row -> RowMappers.entry(Row.of(row)));
        Set<String> keys = tail.keysAfter(last);
        Set<String> used = keys.isEmpty() ? Set.of() : new HashSet<>(dsl.select(CREDIT_ENTRY.IDEMPOTENCY_KEY)
                .from(CREDIT_ENTRY)
                .where(CREDIT_ENTRY.TENANT_ID.eq(tenant), CREDIT_ENTRY.ACCOUNT_ID.eq(accountId),
                        CREDIT_ENTRY.IDEMPOTENCY_KEY.in(keys))
                .fetch(CREDIT_ENTRY.IDEMPOTENCY_KEY));
        LedgerTail.Append append;
        try {
            append = tail.planOn(stored == null ? null : RowMappers.account(Row.of(stored)), last, present, used);
        } catch (ConflictException fork) {
            if (stored == null) {
                // No row to lock: the keys were read after an append that opened the account meanwhile.
                throw new OpenedConcurrently();
            }
            throw fork;
        }
        if (append.appended().isEmpty()) {
            return append.result();
        }
        CreditAccount after = append.account();
        long newLast = append.appended().get(append.appended().size() - 1).sequence();
        if (stored == null) {
            int opened = dsl.insertInto(CREDIT_ACCOUNT)
                    .set(new CreditAccountRecord(tenant, accountId, after.balance(), after.totalPurchased(),
                            after.totalUsed(), newLast, after.createdAt(), after.updatedAt()))
                    .onConflictDoNothing()
                    .execute();
            if (opened == 0) {
                throw new OpenedConcurrently();
            }
        } else {
            dsl.update(CREDIT_ACCOUNT)
                    .set(CREDIT_ACCOUNT.BALANCE, after.balance())
                    .set(CREDIT_ACCOUNT.TOTAL_PURCHASED, after.totalPurchased())
                    .set(CREDIT_ACCOUNT.TOTAL_USED, after.totalUsed())
                    .set(CREDIT_ACCOUNT.LAST_SEQUENCE, newLast)
                    .set(CREDIT_ACCOUNT.UPDATED_AT, after.updatedAt())
                    .where(CREDIT_ACCOUNT.TENANT_ID.eq(tenant), CREDIT_ACCOUNT.ACCOUNT_ID.eq(accountId))
                    .execute();
        }
        db.fetchIn(dsl, statements.importEntries, row -> row.getLong(1), UnnestInsert.values(tenant,
                ENTRY_IMPORT_COLUMNS, append.appended().stream().map(this::entryRecord).toList()));
        return append.result();
    }

    /** Rolls back an append that found no account but could not open it: a posting opened it first. */
    private static final class OpenedConcurrently extends StoreException {
        OpenedConcurrently() {
            super("credits.appendEntries: the account was opened concurrently; retry");
        }
    }

    private CreditEntryRecord entryRecord(LedgerEntry entry) {
        return new CreditEntryRecord(tenant, entry.accountId(), entry.sequence(), entry.id(), entry.type().name(),
                entry.amount(), entry.balanceAfter(), entry.reason(), JsonCodec.encode(entry.metadata()),
                entry.idempotencyKey(), entry.createdAt());
    }

    // Erasure (PostgresErasure)

    @Override
    protected AccountErasure removeAccount(String accountId) {
        return PostgresErasure.account(db, tenant, accountId);
    }
}
