package dev.stowage.migration.verify;

import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Ids;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Contacts, keyed by id, scanned in unsigned id order ({@link Ids#UNSIGNED_ORDER}); every field
 * is compared.
 */
final class ContactComparer implements RecordComparer<Contact> {

    private static final Comparator<Contact> ORDER = Comparator.comparing(Contact::id, Ids.UNSIGNED_ORDER);

    @Override
    public RecordKind records() {
        return RecordKind.CONTACTS;
    }

    @Override
    public List<Contact> scan(Side side, Contact after, int limit) {
        return side.contacts().scan(after == null ? null : after.id(), limit);
    }

    @Override
    public Comparator<Contact> order() {
        return ORDER;
    }

    @Override
    public Map<String, String> key(Contact contact) {
        return Map.of("id", contact.id().toString());
    }

    @Override
    public void compare(Contact s, Contact t, Side sourceSide, Side targetSide, Differences d) {
        if (s.equals(t)) {
            return;
        }
        d.shown("version", s.version(), t.version());
        d.shown("createdAt", s.createdAt(), t.createdAt());
        d.shown("updatedAt", s.updatedAt(), t.updatedAt());
        d.shown("status", s.status(), t.status());
        d.shown("source", s.source(), t.source());
        d.shown("sourceId", s.sourceId(), t.sourceId());
        d.hidden("firstName", s.firstName(), t.firstName());
        d.hidden("lastName", s.lastName(), t.lastName());
        d.hidden("email", s.email(), t.email());
        d.hidden("phone", s.phone(), t.phone());
        d.hidden("company", s.company(), t.company());
        d.hidden("title", s.title(), t.title());
        address(s.address(), t.address(), d);
        d.hidden("notes", s.notes(), t.notes());
        d.hidden("tags", s.tags(), t.tags());
        d.hidden("customFields", s.customFields(), t.customFields());
    }

    private static void address(Address s, Address t, Differences d) {
        if ((s == null) != (t == null)) {
            d.hidden("address", s, t);
            return;
        }
        if (s == null) {
            return;
        }
        part("address.street", Address::street, s, t, d);
        part("address.city", Address::city, s, t, d);
        part("address.region", Address::region, s, t, d);
        part("address.postalCode", Address::postalCode, s, t, d);
        part("address.country", Address::country, s, t, d);
    }

    private static void part(String field, Function<Address, String> part, Address s, Address t, Differences d) {
        d.hidden(field, part.apply(s), part.apply(t));
    }
}
