package dev.stowage.testkit;

import dev.stowage.TenantId;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.Credential;

import java.time.Clock;
import java.util.stream.Collectors;

/** Encryption at rest over the in-memory backend; what it holds is read through its own scan. */
class InMemoryCredentialEncryptionTest extends CredentialEncryptionContract {

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return InMemoryStores.backend(clock);
    }

    @Override
    protected String storedText(TenantId tenant) {
        return backend.tokens(tenant).scanCredentials(null, null, 10_000).stream()
                .map(InMemoryCredentialEncryptionTest::everyField).collect(Collectors.joining("\n"));
    }

    private static String everyField(Credential c) {
        return String.join(" | ", c.subject(), c.provider(), c.accessToken(), String.valueOf(c.refreshToken()),
                String.valueOf(c.accountEmail()), c.scopes().toString(), c.metadata().toString());
    }
}
