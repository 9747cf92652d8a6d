package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A user-written source backend that generates {@code count} contacts on the fly (nothing is
 * held in memory), for a copy larger than the heap. Contact {@code i} has the id
 * {@code (i << 20 | 0x7000, 0x8000000000000000 | i)}, so ids are in scan order and spread over a
 * range of the UUID space. Only {@code scan} and {@code count} are implemented: that is all a
 * migration source needs.
 */
final class SyntheticContacts implements StoreBackend {

    private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00.000001Z");
    private final long count;

    SyntheticContacts(long count) {
        this.count = count;
    }

    static UUID id(long i) {
        return new UUID((i << 20) | 0x7000L, 0x8000000000000000L | i);
    }

    static Contact contact(long i) {
        ContactDraft draft = ContactDraft.builder("person" + i + "@example.com")
                .firstName("First" + (i % 997)).lastName("Last" + (i % 1_009)).company("Company " + (i % 101))
                .title("Title " + (i % 13)).phone("+1 555 " + (i % 10_000))
                .address(new Address(i + " Main Street", "Springfield", "IL", "62701", "US"))
                .notes("Synthetic contact number " + i + " for the large copy test")
                .tags(Set.of("synthetic", "batch-" + (i % 10))).customFields(Map.of("n", i))
                .source("synthetic", Long.toString(i)).build();
        Instant created = CREATED.plusNanos(i * 1_000);
        return Contact.of(id(i), draft, created, created.plusSeconds(i % 3_600), 1 + i % 3);
    }

    /** The first index whose id comes after {@code after}. */
    private long firstAfter(UUID after) {
        if (after == null) {
            return 0;
        }
        long msb = after.getMostSignificantBits();
        if (msb < 0) {
            return count;
        }
        long i = msb >>> 20;
        return UuidRanges.before(after, id(i)) ? i : i + 1;
    }

    private List<Contact> scan(UUID after, int limit) {
        List<Contact> page = new ArrayList<>(limit);
        for (long i = firstAfter(after); i < count && page.size() < limit; i++) {
            page.add(contact(i));
        }
        return page;
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        return (ContactStore) Proxy.newProxyInstance(ContactStore.class.getClassLoader(),
                new Class<?>[] {ContactStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "scan" -> scan((UUID) args[0], (Integer) args[1]);
                    case "count" -> count;
                    case "toString" -> "SyntheticContacts[" + count + "]";
                    default -> throw new UnsupportedCapabilityException("the synthetic source only scans");
                });
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        throw new UnsupportedCapabilityException("the synthetic source has contacts only");
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        throw new UnsupportedCapabilityException("the synthetic source has contacts only");
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
