package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/**
 * A copy with metrics left on (the default), run by {@link WithoutMicrometerTest} in a class
 * loader that has no Micrometer.
 */
public final class WithoutMicrometerScenario {

    private WithoutMicrometerScenario() {
    }

    /**
     * @return records written by a small copy between two memory backends
     */
    public static long copy() {
        StoreBackend source = InMemoryStores.backend(Clock.systemUTC());
        StoreBackend target = InMemoryStores.backend(Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            source.contacts(TenantId.DEFAULT).create(ContactDraft.builder("person" + i + "@example.com").build());
        }
        source.credits(TenantId.DEFAULT).post(Posting.purchase("acct", 10));
        return Migration.from(source).to(target).batchSize(10).run().totals().written();
    }
}
