package dev.stowage.examples.quickstart;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.inmemory.InMemoryStores;

import java.io.PrintStream;
import java.time.Clock;

/**
 * The quickstart: contacts with optimistic versions, a credit ledger that never goes negative
 * and repeats nothing, and a tenant view that sees nothing of the others; in memory, no server.
 */
public final class Quickstart {

    private Quickstart() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * @param out where the walkthrough is printed
     */
    public static void run(PrintStream out) {
        try (Stores stores = InMemoryStores.create(Clock.systemUTC())) {
            Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com")
                    .firstName("Ada").lastName("Lovelace").tags("vip").build());
            out.println("created " + ada.email() + " at version " + ada.version());
            Contact moved = stores.contacts().update(ada.id(), ada.version(),
                    ada.toDraft().toBuilder().company("Analytical Engines").build());
            out.println("updated company to " + moved.company() + " at version " + moved.version());

            stores.credits().post(Posting.purchase("user-42", 100));
            stores.credits().post(Posting.deduction("user-42", 30).withIdempotencyKey("request-1"));
            stores.credits().post(Posting.deduction("user-42", 30).withIdempotencyKey("request-1")); // a retry: no effect
            out.println("balance of user-42: " + stores.credits().account("user-42").orElseThrow().balance());
            try {
                stores.credits().post(Posting.deduction("user-42", 1_000));
            } catch (InsufficientCreditsException e) {
                out.println("refused a deduction of 1000: insufficient credits");
            }

            Stores acme = stores.forTenant(TenantId.of("acme"));
            out.println("tenant acme sees ada: " + !acme.contacts().findByEmail("ada@example.com").isEmpty());
        }
    }
}
