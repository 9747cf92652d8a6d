package dev.stowage.migration.legacy;

import dev.stowage.contact.Contact;
import dev.stowage.credit.AccountHistory;
import dev.stowage.migration.RecordKind;
import dev.stowage.token.Credential;

import java.util.List;
import java.util.UUID;

/**
 * A source record mapped to what the target gets.
 *
 * @param collection the source collection
 * @param legacyId   the record's id in the source
 * @param id         its UUIDv5 (for a contact, the contact's id)
 * @param records    the kind of target record
 * @param value      a {@link Contact}, an {@link AccountHistory} (with its opening ledger) or a {@link Credential}
 * @param targetKey  the target record's key: the contact id, the account id, or {@code ["subject","provider"]}
 * @param references the references the record makes to other records
 */
public record MappedRecord(String collection, String legacyId, UUID id, RecordKind records, Object value,
                           String targetKey, List<Reference> references) implements MappingResult {

    /** Copies the references. */
    public MappedRecord {
        references = List.copyOf(references);
    }

    /** @return the value as a contact @throws ClassCastException if it is none */
    public Contact contact() {
        return (Contact) value;
    }

    /** @return the value as an account with its ledger @throws ClassCastException if it is none */
    public AccountHistory account() {
        return (AccountHistory) value;
    }

    /** @return the value as a credential @throws ClassCastException if it is none */
    public Credential credential() {
        return (Credential) value;
    }

    /** @return the id mapping entry this record leaves in the {@link IdMappingStore} */
    public IdMapping mapping() {
        return new IdMapping(collection, legacyId, id, records, targetKey);
    }
}
