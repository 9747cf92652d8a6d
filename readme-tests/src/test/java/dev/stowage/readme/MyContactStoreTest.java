package dev.stowage.readme;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.ContactStoreContract;

import java.time.Clock;

// The root README's testkit example, as written: the whole contact contract runs against MyStores.
// README README.md
class MyContactStoreTest extends ContactStoreContract {
    @Override
    protected StoreBackend openBackend(Clock clock) {
        return MyStores.backend(clock);   // the contracts drive the clock to test expiry
    }
}
// END README
