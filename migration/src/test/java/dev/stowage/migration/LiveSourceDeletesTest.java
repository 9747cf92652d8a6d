package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.Credential;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill under dual writes: the application deletes a record after the copy read it and
 * before the copy imported it. The application's delete reached both stores, but the target did
 * not hold the record yet, so only the copy's second read of the batch's range
 * ({@code liveSource}) keeps the import from bringing it back there for good.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveSourceDeletesTest {

    private static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    private static final Dataset DATA = new Dataset(300, 20, 20);
    private static final TenantId TENANT = TenantId.DEFAULT;

    /** What the application deleted while the copy ran, one record of each kind. */
    private record Deleted(Contact contact, CreditAccount account, Credential credential) {
    }

    @Test
    void a_record_deleted_between_the_read_and_the_import_is_deleted_from_the_target_too() {
        try (TestBackend source = TestBackend.open(Kind.MEMORY, CLOCK, "live_del_src");
             TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "live_del_dst")) {
            DATA.populate(source.backend(), TENANT, 3);
            Deleted deleted = copyWhileDeleting(source.backend(), target.backend(), true, "entries");

            assertThat(target.backend().contacts(TENANT).get(deleted.contact().id())).isEmpty();
            assertThat(target.backend().credits(TENANT).account(deleted.account().accountId())).isEmpty();
            assertThat(target.backend().tokens(TENANT).credential(deleted.credential().subject(),
                    deleted.credential().provider())).isEmpty();
            assertThat(target.backend().contacts(TENANT).count(ContactQuery.all()))
                    .isEqualTo(DATA.contacts() - 1);
            assertThat(Verification.of(source.backend(), target.backend()).run().state())
                    .isEqualTo(VerificationState.VALIDATED);
        }
    }

    @Test
    void without_a_live_source_the_copy_would_bring_them_back_which_is_why_the_backfill_sets_it() {
        try (TestBackend source = TestBackend.open(Kind.MEMORY, CLOCK, "live_del_src");
             TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "live_del_dst")) {
            DATA.populate(source.backend(), TENANT, 3);
            Deleted deleted = copyWhileDeleting(source.backend(), target.backend(), false, "entries");

            assertThat(target.backend().contacts(TENANT).get(deleted.contact().id())).isPresent();
            assertThat(target.backend().credits(TENANT).account(deleted.account().accountId())).isPresent();
            assertThat(Verification.of(source.backend(), target.backend()).run().state())
                    .isNotEqualTo(VerificationState.VALIDATED);
        }
    }

    @Test
    void an_account_deleted_between_the_scan_and_the_read_of_its_ledger_is_left_out_not_rejected() {
        try (TestBackend source = TestBackend.open(Kind.MEMORY, CLOCK, "live_del_src");
             TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "live_del_dst")) {
            DATA.populate(source.backend(), TENANT, 3);
            Deleted deleted = copyWhileDeleting(source.backend(), target.backend(), false, "scanAccounts");

            assertThat(target.backend().credits(TENANT).account(deleted.account().accountId())).isEmpty();
            assertThat(target.backend().credits(TENANT).scanAccounts(null, 1000)).hasSize(DATA.accounts() - 1);
        }
    }

    /**
     * Copies every store with batches of 50, the source deleting the first record of each kind
     * from itself and from the target (as the application's delete and its replication would) right
     * after the first call of the copy's read named: for contacts and credentials their scan, for
     * accounts {@code accountRead} (their scan, or the read of a ledger after it).
     */
    private static Deleted copyWhileDeleting(StoreBackend source, StoreBackend target, boolean live, String accountRead) {
        ContactStore contacts = source.contacts(TENANT);
        CreditStore credits = source.credits(TENANT);
        TokenStore tokens = source.tokens(TENANT);
        Contact contact = contacts.scan(null, 1).get(0);
        CreditAccount account = credits.scanAccounts(null, 1).get(0);
        Credential credential = tokens.scanCredentials(null, null, 1).get(0);
        Map<String, Runnable> deletes = Map.of("scan", () -> {
            contacts.delete(contact.id());
            target.contacts(TENANT).delete(contact.id());
        }, accountRead, () -> {
            credits.deleteAccount(account.accountId());
            target.credits(TENANT).deleteAccount(account.accountId());
        }, "scanCredentials", () -> {
            tokens.deleteCredential(credential.subject(), credential.provider());
            target.tokens(TENANT).deleteCredential(credential.subject(), credential.provider());
        });
        Set<String> done = ConcurrentHashMap.newKeySet();
        StoreBackend deleting = afterFirstScan(source, deletes, done);

        MigrationReport report = Migration.from(deleting).to(target).batchSize(50).workers(1).ranges(1).metrics(false)
                .liveSource(live).run();

        assertThat(report.totals().rejected()).isZero();
        assertThat(done).containsExactlyInAnyOrderElementsOf(deletes.keySet());
        return new Deleted(contact, account, credential);
    }

    /** The backend, each of whose stores runs the action of a method once, after the method's first call returned. */
    private static StoreBackend afterFirstScan(StoreBackend real, Map<String, Runnable> actions, Set<String> done) {
        return proxy(StoreBackend.class, real, (method, result) -> {
            if (result instanceof ContactStore || result instanceof CreditStore || result instanceof TokenStore) {
                @SuppressWarnings("unchecked")
                Class<Object> type = (Class<Object>) method.getReturnType();
                return proxy(type, result, (scan, page) -> {
                    if (actions.containsKey(scan.getName()) && done.add(scan.getName())) {
                        actions.get(scan.getName()).run();
                    }
                    return page;
                });
            }
            return result;
        });
    }

    private interface After {
        Object apply(Method method, Object result) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Object real, After after) {
        return type.cast(Proxy.newProxyInstance(LiveSourceDeletesTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return after.apply(method, result);
                }));
    }
}
