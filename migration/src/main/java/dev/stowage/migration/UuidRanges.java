package dev.stowage.migration;

import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.StoreException;
import dev.stowage.support.Ids;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Arithmetic on UUIDs as unsigned 128-bit numbers (the order every backend scans contacts in),
 * to split a tenant's contacts into id ranges that workers scan independently.
 */
final class UuidRanges {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private UuidRanges() {
    }

    static BigInteger number(UUID id) {
        BigInteger high = new BigInteger(Long.toUnsignedString(id.getMostSignificantBits()));
        BigInteger low = new BigInteger(Long.toUnsignedString(id.getLeastSignificantBits()));
        return high.multiply(TWO_64).add(low);
    }

    static UUID uuid(BigInteger number) {
        if (number.signum() < 0 || number.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("outside the UUID space: " + number);
        }
        BigInteger[] parts = number.divideAndRemainder(TWO_64);
        return new UUID(parts[0].longValue(), parts[1].longValue());
    }

    /**
     * @param id an id other than the all-zero UUID
     * @return the id right before it, so that {@code scan(predecessor(id), n)} starts at {@code id}
     */
    static UUID predecessor(UUID id) {
        return uuid(number(id).subtract(BigInteger.ONE));
    }

    static boolean before(UUID a, UUID b) {
        return Ids.UNSIGNED_ORDER.compare(a, b) < 0;
    }

    /**
     * @param first the smallest id
     * @param last  the largest id
     * @param parts how many ranges
     * @return up to {@code parts - 1} increasing ids in {@code (first, last]} that cut
     *     {@code [first, last]} into ranges of equal width
     */
    static List<UUID> boundaries(UUID first, UUID last, int parts) {
        BigInteger low = number(first);
        BigInteger width = number(last).subtract(low).add(BigInteger.ONE);
        List<UUID> cuts = new ArrayList<>();
        BigInteger previous = low;
        for (int i = 1; i < parts; i++) {
            BigInteger cut = low.add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(parts)));
            if (cut.compareTo(previous) > 0) {
                cuts.add(uuid(cut));
                previous = cut;
            }
        }
        return cuts;
    }

    /**
     * Finds the largest id of a store by bisecting the UUID space with one-record scans, each an
     * index seek on every backend: at most 128 of them. A scan that fails on a record the source
     * cannot read still shows that a record is there.
     *
     * @param store a contact store
     * @param known an id at or below the largest one
     * @return the largest id it holds
     */
    static UUID largest(ContactStore store, UUID known) {
        BigInteger found = number(known);
        BigInteger high = MAX;
        while (found.compareTo(high) < 0) {
            BigInteger middle = found.add(high).shiftRight(1);
            List<Contact> next;
            try {
                next = store.scan(uuid(middle), 1);
            } catch (StoreException e) {
                if (Rejects.isTransient(e)) {
                    throw e;
                }
                found = middle.add(BigInteger.ONE);
                continue;
            }
            if (next.isEmpty()) {
                high = middle;
            } else {
                found = number(next.get(0).id());
            }
        }
        return uuid(found);
    }

    /**
     * @param store a contact store
     * @return its smallest id, the all-zero id if the first record cannot be read, or empty if it holds none
     */
    static java.util.Optional<UUID> smallest(ContactStore store) {
        try {
            return store.scan(null, 1).stream().map(Contact::id).findFirst();
        } catch (StoreException e) {
            if (Rejects.isTransient(e)) {
                throw e;
            }
            return java.util.Optional.of(new UUID(0, 0));
        }
    }
}
