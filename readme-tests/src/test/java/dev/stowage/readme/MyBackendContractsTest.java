package dev.stowage.readme;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.DeploymentContracts;

import java.time.Clock;

// The root README's testkit example, as written: every contract group runs against MyStores.
// README README.md
class MyBackendContractsTest extends DeploymentContracts {
    @Override
    protected StoreBackend openBackend(String namespace, Clock clock) {
        return MyStores.backend(namespace, clock);   // the contracts drive the clock to test expiry
    }

    @Override
    protected void removeNamespace(String namespace) {
        MyTestServer.drop(namespace);               // optional: after the last group
    }
}
// END README
