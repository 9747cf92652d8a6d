package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.Credential;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything one tenant of a backend holds, read by full scans, for comparing a copy with its
 * source in tests. (Verification proper is the job of {@code dev.stowage.migration.verify}.)
 *
 * @param contacts    every contact, in id order
 * @param accounts    every account with its ledger, in account order
 * @param credentials every unexpired credential, in (subject, provider) order
 */
record Snapshot(List<Contact> contacts, List<Ledger> accounts, List<Credential> credentials) {

    /**
     * An account and its entries as read, whether or not they add up.
     *
     * @param account the account
     * @param entries its ledger, oldest first
     */
    record Ledger(CreditAccount account, List<LedgerEntry> entries) {
    }

    static Snapshot of(StoreBackend backend, TenantId tenant) {
        List<Contact> contacts = new ArrayList<>();
        UUID after = null;
        while (true) {
            List<Contact> page = backend.contacts(tenant).scan(after, 1_000);
            contacts.addAll(page);
            if (page.size() < 1_000) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        CreditStore credits = backend.credits(tenant);
        List<Ledger> accounts = new ArrayList<>();
        String afterAccount = null;
        while (true) {
            List<CreditAccount> page = credits.scanAccounts(afterAccount, 1_000);
            for (CreditAccount account : page) {
                List<LedgerEntry> entries = new ArrayList<>();
                long sequence = 0;
                while (true) {
                    List<LedgerEntry> part = credits.entries(account.accountId(), sequence, 10_000);
                    entries.addAll(part);
                    if (part.size() < 10_000) {
                        break;
                    }
                    sequence = part.get(part.size() - 1).sequence();
                }
                accounts.add(new Ledger(account, entries));
            }
            if (page.size() < 1_000) {
                break;
            }
            afterAccount = page.get(page.size() - 1).accountId();
        }
        List<Credential> credentials = new ArrayList<>();
        String subject = null;
        String provider = null;
        while (true) {
            List<Credential> page = backend.tokens(tenant).scanCredentials(subject, provider, 1_000);
            credentials.addAll(page);
            if (page.size() < 1_000) {
                break;
            }
            subject = page.get(page.size() - 1).subject();
            provider = page.get(page.size() - 1).provider();
        }
        return new Snapshot(contacts, accounts, credentials);
    }

    int size() {
        return contacts.size() + accounts.size() + credentials.size();
    }
}
