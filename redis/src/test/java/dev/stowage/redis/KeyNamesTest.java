package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.support.Emails;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contact emails never appear in key names (they are replaced by their keyed hash, see
 * {@link KeyHasher}), and {@link RedisKeyNames#migrate} renames a keyspace written in the old
 * layout, where they did, idempotently and without losing a lookup.
 */
abstract class KeyNamesTest extends RedisTestBase {

    @Test
    void no_key_name_carries_a_contact_email() {
        TenantId tenant = TenantId.of("key-names");
        ContactStore contacts = backend.contacts(tenant);
        List<String> emails = List.of("Alice.Secret@Example.com", "bob+crm@example.org", "carol@xn--exmple-cua.com");
        for (String email : emails) {
            Contact contact = contacts.create(ContactDraft.builder(email).build());
            contacts.update(contact.id(), contact.version(), contact.toDraft().toBuilder().email("new-" + email).build());
        }

        List<String> keys = raw.keys("{" + prefix + ":" + tenant.value() + "}*");
        for (String email : emails) {
            for (String form : List.of(email, Emails.normalize(email), "new-" + Emails.normalize(email))) {
                String local = form.substring(0, form.indexOf('@'));
                assertThat(keys).as("key names").noneMatch(key -> key.contains(local) || key.contains(form));
            }
            assertThat(contacts.findByEmail("new-" + email)).hasSize(1);
            assertThat(contacts.findByEmail(email)).isEmpty();
        }
        assertThat(keys).noneMatch(key -> key.contains("@"));
    }

    @Test
    void the_migration_renames_old_email_keys_in_batches_merges_with_new_ones_and_is_idempotent() {
        TenantId tenant = TenantId.of("key-names-old");
        ContactStore contacts = backend.contacts(tenant);
        List<Contact> written = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            written.add(contacts.create(ContactDraft.builder("user" + i % 10 + "@example.com").build()));
        }
        // Rewrite the keyspace into the old layout: each email index under the address in clear.
        String base = "{" + prefix + ":" + tenant.value() + "}";
        KeyHasher hasher = KeyHasher.forPrefix(prefix);
        for (int i = 0; i < 10; i++) {
            String email = "user" + i + "@example.com";
            raw.commands().rename(base + ":c-email:" + hasher.hash(email), base + ":c-email:" + email);
        }
        assertThat(contacts.findByEmail("user1@example.com")).as("missed before the migration").isEmpty();
        // A writer of the new version indexes a contact under the new name before the migration runs.
        Contact late = contacts.create(ContactDraft.builder("user1@example.com").build());

        assertThat(RedisKeyNames.migrate(backend, 3)).isEqualTo(10);

        assertThat(raw.keys(base + ":c-email:*")).hasSize(10).noneMatch(key -> key.contains("@"));
        assertThat(contacts.findByEmail("user1@example.com")).extracting(Contact::id)
                .containsExactlyInAnyOrder(written.get(1).id(), written.get(11).id(), written.get(21).id(), late.id());
        assertThat(contacts.findByEmail("user9@example.com")).hasSize(2);
        assertThat(RedisKeyNames.migrate(backend, 3)).as("a second run").isZero();
    }
}
