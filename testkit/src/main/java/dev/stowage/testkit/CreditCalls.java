package dev.stowage.testkit;

import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.HistoryCursor;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.testkit.BadInputProperties.Call;
import dev.stowage.testkit.BadInputProperties.Seed;
import dev.stowage.testkit.BadInputProperties.StoreKind;
import dev.stowage.testkit.BadInputs.Labelled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;

import static dev.stowage.testkit.BadInputs.NOW;
import static dev.stowage.testkit.BadInputs.show;

/** The {@link CreditStore} calls of {@link BadInputProperties}: every method, generated arguments. */
final class CreditCalls {

    private static final String[] ACCOUNTS = {"acct-1", "acct-2", "acct-new", "💳"};

    /** Seeds two accounts (one with idempotency keys) and reads every account with its ledger. */
    static final StoreKind<CreditStore> KIND = new StoreKind<>(
            (backend, tenant) -> backend.credits(tenant),
            store -> {
                store.importAccounts(List.of(seededAcct1(), Fixtures.history("acct-2", NOW.minusSeconds(30),
                        Posting.purchase("acct-2", 1))));
                return Seed.NONE;
            },
            (store, seed) -> {
                StringBuilder state = new StringBuilder();
                for (CreditAccount account : store.scanAccounts(null, 10_000)) {
                    state.append(account).append(store.entries(account.accountId(), 0, 10_000)).append('\n');
                }
                return state.toString();
            });

    private CreditCalls() {
    }

    /** The seeded acct-1: three entries, two with idempotency keys, balance 8. */
    private static AccountHistory seededAcct1() {
        return Fixtures.history("acct-1", NOW.minusSeconds(60), Posting.purchase("acct-1", 10).withIdempotencyKey("k-1"),
                Posting.deduction("acct-1", 3).withIdempotencyKey("k-2").withReason("used"), Posting.bonus("acct-1", 1));
    }

    /** An entry of acct-1 after the seeded ones (sequence 4 and on). */
    private static LedgerEntry acct1Entry(long sequence, long amount, long balanceAfter, String key) {
        return new LedgerEntry(Fixtures.entryId("acct-1-tail", sequence), "acct-1", sequence, EntryType.BONUS, amount,
                balanceAfter, null, java.util.Map.of(), key, NOW);
    }

    /** @return one generated call of any credit store method */
    static Arbitrary<Call<CreditStore>> calls() {
        return Arbitraries.oneOf(post(), post(), factoryPost(), account(), history(), entries(), scan(), imports(),
                appends());
    }

    /** @return every credit method with one argument at a time at each of its edge values */
    static List<Call<CreditStore>> sweep() {
        List<String> ids = BadInputs.TEXT_EDGES;
        List<Call<CreditStore>> calls = new ArrayList<>();
        calls.addAll(BadInputs.sweep("post", new Object[] {"acct-1", EntryType.ADJUSTMENT, -2L, null, null, "k-new"},
                List.of(ids, BadInputs.andNull(List.of(EntryType.values())), BadInputs.LONG_EDGES,
                        BadInputs.BAD_TEXT, BadInputs.andNull(BadInputs.JSON_EDGES), ids),
                (store, seed, a) -> store.post(postingOf(a))));
        calls.addAll(BadInputs.sweep("account", new Object[] {"acct-1"}, List.of(ids),
                (store, seed, a) -> store.account((String) a[0])));
        calls.addAll(BadInputs.sweep("history", new Object[] {"acct-1", 2, HistoryCursor.encode("acct-1", 3)},
                List.of(ids, BadInputs.LIMIT_EDGES, BadInputs.andNull(FORGED_CURSORS)),
                (store, seed, a) -> store.history((String) a[0], (int) a[1], (String) a[2])));
        calls.addAll(BadInputs.sweep("entries", new Object[] {"acct-1", 1L, 10},
                List.of(ids, BadInputs.LONG_EDGES, BadInputs.LIMIT_EDGES),
                (store, seed, a) -> store.entries((String) a[0], (long) a[1], (int) a[2])));
        calls.addAll(BadInputs.sweep("scanAccounts", new Object[] {"acct-1", 10},
                List.of(ids, BadInputs.LIMIT_EDGES),
                (store, seed, a) -> store.scanAccounts((String) a[0], (int) a[1])));
        calls.addAll(BadInputs.sweep("appendEntries", new Object[] {"acct-1"}, List.of(ids),
                (store, seed, a) -> store.appendEntries((String) a[0], List.of(acct1Entry(4, 2, 10, null)))));
        calls.add(call("appendEntries(acct-1, null)", store -> store.appendEntries("acct-1", null)));
        calls.add(call("importAccounts(null)", store -> store.importAccounts(null)));
        calls.add(call("importAccounts([])", store -> store.importAccounts(List.of())));
        calls.add(call("post(null)", store -> store.post(null)));
        return calls;
    }

    @SuppressWarnings("unchecked")
    private static Posting postingOf(Object[] a) {
        return new Posting((String) a[0], (EntryType) a[1], (long) a[2], (String) a[3], (java.util.Map<String, Object>) a[4],
                (String) a[5]);
    }

    /** History cursors that are not this account's, or not exactly what a store encodes. */
    private static final List<String> FORGED_CURSORS = List.of("", "!", "YQ", HistoryCursor.encode("acct-2", 1),
            HistoryCursor.encode("acct-1", 3) + "=", HistoryCursor.encode("acct-1", 3).substring(1),
            dev.stowage.support.Cursors.encode("history", "+3", "acct-1"),
            dev.stowage.support.Cursors.encode("history", "03", "acct-1"),
            dev.stowage.support.Cursors.encode("history", "0", "acct-1"),
            dev.stowage.support.Cursors.encode("history", Long.toString(Long.MAX_VALUE), "acct-1"),
            dev.stowage.support.Cursors.encode("history", "99999999999999999999", "acct-1"),
            dev.stowage.support.Cursors.encode("history", "3"),
            HistoryCursor.encode("acct-1", LedgerEntry.MAX_SEQUENCE));

    private static Arbitrary<Call<CreditStore>> post() {
        Arbitrary<EntryType> types = Arbitraries.of(EntryType.class).injectNull(0.05);
        return Combinators.combine(BadInputs.identifiers(ACCOUNTS), types, BadInputs.longs(),
                        BadInputs.texts("a reason"), BadInputs.json(), BadInputs.identifiers("k-1", "k-2", "k-new"))
                .as((account, type, amount, reason, metadata, key) -> call(
                        "post(new Posting(" + show(account) + ", " + type + ", " + amount + ", " + show(reason) + ", "
                                + metadata + ", " + show(key) + "))",
                        store -> store.post(new Posting(account, type, amount, reason, metadata, key))));
    }

    private static Arbitrary<Call<CreditStore>> factoryPost() {
        return Combinators.combine(Arbitraries.of(EntryType.class), BadInputs.identifiers(ACCOUNTS), BadInputs.longs())
                .as((type, account, credits) -> call("post(" + type + " " + show(account) + " " + credits + ")", store -> {
                    Posting posting = switch (type) {
                        case PURCHASE -> Posting.purchase(account, credits);
                        case DEDUCTION -> Posting.deduction(account, credits);
                        case REFUND -> Posting.refund(account, credits);
                        case BONUS -> Posting.bonus(account, credits);
                        case ADJUSTMENT -> Posting.adjustment(account, credits);
                    };
                    return store.post(posting);
                }));
    }

    private static Arbitrary<Call<CreditStore>> account() {
        return BadInputs.identifiers(ACCOUNTS).map(id -> call("account(" + show(id) + ")", store -> store.account(id)));
    }

    private static Arbitrary<Call<CreditStore>> history() {
        Arbitrary<String> cursors = BadInputs.cursors(List.of(HistoryCursor.encode("acct-1", 2),
                HistoryCursor.encode("acct-1", 3), HistoryCursor.encode("acct-2", 1)), FORGED_CURSORS);
        return Combinators.combine(BadInputs.identifiers(ACCOUNTS), BadInputs.limits(), cursors)
                .as((id, limit, cursor) -> call("history(" + show(id) + ", " + limit + ", " + show(cursor) + ")",
                        store -> store.history(id, limit, cursor)));
    }

    private static Arbitrary<Call<CreditStore>> entries() {
        return Combinators.combine(BadInputs.identifiers(ACCOUNTS), BadInputs.longs(), BadInputs.limits())
                .as((id, after, limit) -> call("entries(" + show(id) + ", " + after + ", " + limit + ")",
                        store -> store.entries(id, after, limit)));
    }

    private static Arbitrary<Call<CreditStore>> scan() {
        return Combinators.combine(BadInputs.identifiers(ACCOUNTS), BadInputs.limits())
                .as((after, limit) -> call("scanAccounts(" + show(after) + ", " + limit + ")",
                        store -> store.scanAccounts(after, limit)));
    }

    private static Arbitrary<Call<CreditStore>> imports() {
        Arbitrary<Labelled<AccountHistory>> histories = Arbitraries.of(
                new Labelled<>("a new account", () -> Fixtures.history("acct-new", NOW, Posting.purchase("acct-new", 4))),
                new Labelled<>("the existing acct-2", () -> Fixtures.history("acct-2", NOW.minusSeconds(30),
                        Posting.purchase("acct-2", 1))),
                new Labelled<>("acct-2 with another ledger", () -> Fixtures.history("acct-2", NOW,
                        Posting.bonus("acct-2", 9))),
                new Labelled<>("an account with an emoji id", () -> Fixtures.history("💳", NOW, Posting.bonus("💳", 2))),
                new Labelled<>("a history whose balance is wrong", () -> new AccountHistory(
                        new CreditAccount("acct-bad", 99, 0, 0, NOW, NOW),
                        Fixtures.history("acct-bad", NOW, Posting.bonus("acct-bad", 1)).entries())),
                new Labelled<>("no history", () -> null));
        return BadInputs.listsOf(histories, 4).map(list -> call("importAccounts(" + list + ")",
                store -> store.importAccounts(BadInputs.built(list))));
    }

    private static Arbitrary<Call<CreditStore>> appends() {
        List<LedgerEntry> seeded = seededAcct1().entries();
        LedgerEntry forked = new LedgerEntry(seeded.get(1).id(), "acct-1", 2, EntryType.DEDUCTION, -3, 7, "forked",
                java.util.Map.of(), "k-2", seeded.get(1).createdAt());
        Arbitrary<Labelled<List<LedgerEntry>>> tails = Arbitraries.of(
                new Labelled<>("acct-1 continued", () -> List.of(acct1Entry(4, 2, 10, "k-3"), acct1Entry(5, 1, 11, null))),
                new Labelled<>("acct-1's stored entries again, then one more", () -> {
                    List<LedgerEntry> tail = new ArrayList<>(seeded.subList(1, 3));
                    tail.add(acct1Entry(4, 2, 10, null));
                    return tail;
                }),
                new Labelled<>("acct-1 forked at sequence 2", () -> List.of(seeded.get(0), forked)),
                new Labelled<>("acct-1 after a gap", () -> List.of(acct1Entry(6, 2, 10, null))),
                new Labelled<>("acct-1 with a broken balance", () -> List.of(acct1Entry(4, 2, 11, null))),
                new Labelled<>("acct-1 reusing key k-1", () -> List.of(acct1Entry(4, 2, 10, "k-1"))),
                new Labelled<>("a null entry", () -> java.util.Arrays.asList(acct1Entry(4, 2, 10, null), null)),
                new Labelled<>("no tail", () -> null));
        return Combinators.combine(BadInputs.identifiers("acct-1", "acct-new"), tails).as((account, tail) -> call(
                "appendEntries(" + show(account) + ", " + tail + ")",
                store -> store.appendEntries(account, tail.value().get())));
    }

    private static Call<CreditStore> call(String label, java.util.function.Function<CreditStore, Object> action) {
        return new Call<>(label, (store, seed) -> action.apply(store));
    }
}
