package dev.stowage.migration.verify;

import dev.stowage.contact.Contact;
import dev.stowage.testkit.Fixtures;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * Contacts generated on the fly, never stored: contact {@code n} of {@code count} has an id that
 * grows with {@code n} in unsigned order (its top bit set for the upper half, so signed order
 * would disagree) and the fields of {@link Fixtures#contact(int)}.
 */
final class SyntheticContacts implements ScanOnlyBackend.ContactScan {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final int count;
    private final IntPredicate missing;
    private final IntPredicate bumped;

    /**
     * @param count   how many contacts
     * @param missing numbers left out
     * @param bumped  numbers whose version is one higher
     */
    SyntheticContacts(int count, IntPredicate missing, IntPredicate bumped) {
        this.count = count;
        this.missing = missing;
        this.bumped = bumped;
    }

    static UUID id(int n, int count) {
        long position = ((long) n << 32) / count * 2;   // spreads 0..count-1 over the unsigned range
        return new UUID((position << 31) | 0x7000L, 0x8000000000000000L | n);
    }

    Contact contact(int n) {
        Instant created = START.plusSeconds(n);
        return Contact.of(id(n, count), Fixtures.contact(n), created, created, bumped.test(n) ? 2 : 1);
    }

    @Override
    public List<Contact> scan(UUID afterId, int limit) {
        int from = afterId == null ? 0 : (int) (afterId.getLeastSignificantBits() & 0x7FFFFFFF) + 1;
        List<Contact> page = new ArrayList<>(limit);
        for (int n = from; n < count && page.size() < limit; n++) {
            if (!missing.test(n)) {
                page.add(contact(n));
            }
        }
        return page;
    }
}
