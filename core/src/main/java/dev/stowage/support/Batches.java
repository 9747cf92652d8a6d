package dev.stowage.support;

import dev.stowage.contact.Contact;
import dev.stowage.credit.AccountHistory;
import dev.stowage.exception.ValidationException;
import dev.stowage.token.Credential;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RevokedAccessToken;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks every backend applies to a bulk import before writing anything: the batch is
 * present, not too large, holds no {@code null}, and names each record once.
 */
public final class Batches {

    private Batches() {
    }

    /**
     * @param contacts a batch for {@code ContactStore.importContacts}
     * @return an immutable copy
     * @throws ValidationException {@code contacts[i].id} on a repeated id, {@code contacts[i].version}
     *     on a version above {@link Contact#MAX_IMPORTED_VERSION}
     */
    public static List<Contact> contacts(List<Contact> contacts) {
        List<Contact> batch = distinct(Check.batch(contacts, "contacts", Check.MAX_BATCH_LIMIT), "contacts", ".id",
                Contact::id);
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).version() > Contact.MAX_IMPORTED_VERSION) {
                throw new ValidationException("contacts[" + i + "].version", "max",
                        "must be at most " + Contact.MAX_IMPORTED_VERSION + " (2^53 - 1), so the contact can still be updated");
            }
        }
        return batch;
    }

    /**
     * @param accounts a batch for {@code CreditStore.importAccounts}
     * @return an immutable copy
     * @throws ValidationException {@code accounts[i].account.accountId} on a repeated account
     */
    public static List<AccountHistory> accounts(List<AccountHistory> accounts) {
        return distinct(Check.batch(accounts, "accounts", Check.MAX_PAGE_LIMIT), "accounts", ".account.accountId",
                history -> history.account().accountId());
    }

    /**
     * @param credentials a batch for {@code TokenStore.importCredentials}
     * @return an immutable copy
     * @throws ValidationException {@code credentials[i]} on a repeated (subject, provider)
     */
    public static List<Credential> credentials(List<Credential> credentials) {
        return distinct(Check.batch(credentials, "credentials", Check.MAX_BATCH_LIMIT), "credentials", "",
                credential -> List.of(credential.subject(), credential.provider()));
    }

    /**
     * @param families a batch for {@code TokenStore.importRefreshFamilies}
     * @return an immutable copy
     * @throws ValidationException {@code families[i].familyId} on a repeated family
     */
    public static List<RefreshFamily> refreshFamilies(List<RefreshFamily> families) {
        return distinct(Check.batch(families, "families", Check.MAX_PAGE_LIMIT), "families", ".familyId",
                RefreshFamily::familyId);
    }

    /**
     * @param entries a batch for {@code TokenStore.importRevokedAccessTokens}
     * @return an immutable copy
     * @throws ValidationException {@code entries[i].jti} on a repeated jti
     */
    public static List<RevokedAccessToken> revokedAccessTokens(List<RevokedAccessToken> entries) {
        return distinct(Check.batch(entries, "entries", Check.MAX_BATCH_LIMIT), "entries", ".jti",
                RevokedAccessToken::jti);
    }

    private static <T> List<T> distinct(List<T> batch, String field, String keyPath, Function<T, Object> key) {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!seen.add(key.apply(batch.get(i)))) {
                throw new ValidationException(field + "[" + i + "]" + keyPath, "distinct",
                        "must not repeat a record of the batch; each record may appear once");
            }
        }
        return batch;
    }
}
