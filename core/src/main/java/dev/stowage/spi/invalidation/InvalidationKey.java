package dev.stowage.spi.invalidation;

import java.util.Objects;
import java.util.UUID;

/**
 * One cached lookup of a tenant that a write makes stale. Writes through a caching decorator
 * evict these keys locally and broadcast them (with the tenant) to the other instances; see
 * {@link InvalidationCodec} for how each one is written on the wire.
 */
public sealed interface InvalidationKey {

    /**
     * A contact read by id ({@code ContactStore.get}).
     *
     * @param id the contact's id
     */
    record ContactId(UUID id) implements InvalidationKey {
        /** @throws NullPointerException if the id is missing */
        public ContactId {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The contact found by {@code ContactStore.findBySource(source, sourceId)}.
     *
     * @param source   the source system
     * @param sourceId the contact's id in it
     */
    record ContactSource(String source, String sourceId) implements InvalidationKey {
        /** @throws NullPointerException if a part is missing */
        public ContactSource {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(sourceId, "sourceId");
        }
    }

    /**
     * The contacts found by {@code ContactStore.findByEmail}.
     *
     * @param normalizedEmail the address as {@link dev.stowage.support.Emails#normalize} returns it
     */
    record ContactEmail(String normalizedEmail) implements InvalidationKey {
        /** @throws NullPointerException if the address is missing */
        public ContactEmail {
            Objects.requireNonNull(normalizedEmail, "normalizedEmail");
        }
    }

    /**
     * A credit account read by {@code CreditStore.account}.
     *
     * @param accountId the account's id
     */
    record AccountId(String accountId) implements InvalidationKey {
        /** @throws NullPointerException if the id is missing */
        public AccountId {
            Objects.requireNonNull(accountId, "accountId");
        }
    }

    /**
     * A third-party credential read by {@code TokenStore.credential(subject, provider)}.
     *
     * @param subject  whose credential
     * @param provider which provider
     */
    record CredentialId(String subject, String provider) implements InvalidationKey {
        /** @throws NullPointerException if a part is missing */
        public CredentialId {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(provider, "provider");
        }
    }
}
