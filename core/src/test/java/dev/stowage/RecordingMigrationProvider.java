package dev.stowage;

import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.spi.StoreMigrationContext;
import dev.stowage.spi.StoreMigrationProvider;
import dev.stowage.token.TokenStore;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test store migration provider: records the context of every moving store and serves it by a
 * {@link MovingBackend} over the context's backends, or fails with
 * {@code stowage.<store>.migration.fail=true}. Registered only through {@link ExtraServices}.
 */
public class RecordingMigrationProvider implements StoreMigrationProvider {

    static final List<MovingBackend> opened = new CopyOnWriteArrayList<>();

    @Override
    public Set<String> configKeys() {
        return Set.of("stage", "fail");
    }

    @Override
    public StoreBackend open(StoreMigrationContext context) {
        if (context.config().getBoolean(context.key("fail"), false)) {
            throw new StoreConfigurationException(context.key("fail") + " is true: the migration was told to fail");
        }
        MovingBackend backend = new MovingBackend(context);
        opened.add(backend);
        return backend;
    }

    /** A second provider, for the test that two on the class path are refused. */
    public static final class Second extends RecordingMigrationProvider {
    }

    /** Serves the store from the backend it moves from; closing it closes both. */
    static final class MovingBackend implements StoreBackend {
        final StoreMigrationContext context;
        int closeCount;

        MovingBackend(StoreMigrationContext context) {
            this.context = context;
        }

        @Override
        public String name() {
            return "moving";
        }

        @Override
        public ContactStore contacts(TenantId tenant) {
            return context.from().contacts(tenant);
        }

        @Override
        public CreditStore credits(TenantId tenant) {
            return context.from().credits(tenant);
        }

        @Override
        public TokenStore tokens(TenantId tenant) {
            return context.from().tokens(tenant);
        }

        @Override
        public void close() {
            closeCount++;
            context.from().close();
            context.to().close();
        }
    }
}
