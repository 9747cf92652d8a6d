package dev.stowage.examples.springboot;

import dev.stowage.Stores;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.Posting;
import org.springframework.stereotype.Service;

/**
 * Signs a customer up: records the contact (idempotently, by its id in the sign-up form's
 * source) and grants the welcome credits. Stowage's {@link Stores} is injected like any bean.
 */
@Service
public class Onboarding {

    /** The credits every new customer starts with. */
    public static final long WELCOME_CREDITS = 100;

    private final Stores stores;

    /**
     * @param stores the application's stores, from the starter
     */
    public Onboarding(Stores stores) {
        this.stores = stores;
    }

    /**
     * @param email    the customer's email
     * @param signupId the sign-up form's id of the customer
     * @return the customer's account after the welcome credits
     */
    public CreditAccount signUp(String email, String signupId) {
        Contact contact = stores.contacts().upsertBySource(ContactDraft.builder(email).source("signup", signupId).build());
        stores.credits().post(Posting.bonus(contact.id().toString(), WELCOME_CREDITS).withIdempotencyKey("welcome-" + signupId));
        return stores.credits().account(contact.id().toString()).orElseThrow();
    }
}
