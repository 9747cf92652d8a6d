package dev.stowage.examples.swap;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.credit.Posting;

import java.io.PrintStream;

/**
 * One piece of application code, three backends: which one is decided by configuration alone
 * ({@code STOWAGE_BACKEND=memory|postgres|redis} and that backend's keys, such as
 * {@code STOWAGE_POSTGRES_URL}); the code and its output do not change.
 */
public final class SwapByConfig {

    private SwapByConfig() {
    }

    /**
     * @param args none: configuration comes from the environment, memory when it says nothing
     */
    public static void main(String[] args) {
        StowageConfig config = StowageConfig.of(java.util.Map.of("stowage.backend", "memory"))
                .overriddenBy(StowageConfig.fromEnvironment());
        run(config, System.out);
    }

    /**
     * @param config the configuration that chooses the backend
     * @param out    where the results are printed
     */
    public static void run(StowageConfig config, PrintStream out) {
        try (Stores stores = Stowage.open(config)) {
            out.println("backend: " + stores.contactsBackend().name());
            stores.contacts().upsertBySource(ContactDraft.builder("grace@example.com").firstName("Grace")
                    .tags("navy").source("crm", "g-1").build());
            stores.contacts().upsertBySource(ContactDraft.builder("grace@example.com").firstName("Grace")
                    .tags("navy").source("crm", "g-1").build());          // idempotent: still one contact
            out.println("contacts tagged navy: " + stores.contacts().count(ContactQuery.builder().allTags("navy").build()));
            stores.credits().post(Posting.purchase("grace", 50).withIdempotencyKey("order-1"));
            stores.credits().post(Posting.purchase("grace", 50).withIdempotencyKey("order-1"));   // a retry
            out.println("balance of grace: " + stores.credits().account("grace").orElseThrow().balance());
        }
    }
}
