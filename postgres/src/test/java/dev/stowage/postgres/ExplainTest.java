package dev.stowage.postgres;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.SortDirection;
import dev.stowage.contact.ContactStatus;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lookups the contact store runs use their indexes on a table of realistic size: the exact
 * statements the store executes are rendered (with their values inlined) and explained.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainTest {

    private static final int ROWS = 12_000;
    private static final int OTHER_TENANT_ROWS = 2_000;

    private final String schema = TestDatabase.uniqueSchema(ExplainTest.class);
    private final TenantId tenant = TenantId.of("explain");
    private StoreBackend backend;
    private PostgresContactStore store;
    private DSLContext dsl;

    @BeforeAll
    void fillTable() {
        backend = TestDatabase.builder(schema, MutableClock.standard()).buildBackend();
        store = (PostgresContactStore) backend.contacts(tenant);
        dsl = ((PostgresBackend) backend).database().dsl();
        importContacts(store, ROWS);
        importContacts(backend.contacts(TenantId.of("explain-other")), OTHER_TENANT_ROWS);
        // As autovacuum would: VACUUM moves the GIN indexes' pending entries (fastupdate) into the
        // index proper, ANALYZE gives the planner the table's statistics.
        TestDatabase.execute("VACUUM ANALYZE \"" + schema + "\".contact");
        assertThat(store.count(ContactQuery.all())).isEqualTo(ROWS);
    }

    @AfterAll
    void dropSchema() {
        backend.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void find_by_email_uses_the_normalized_email_index() {
        String plan = explain(store.emailLookup(dsl, "Person-4711@Example.COM"));
        assertThat(plan).contains("contact_email_idx").doesNotContain("Seq Scan");
        assertThat(store.findByEmail("Person-4711@Example.COM")).hasSize(1);
    }

    @Test
    void find_by_source_uses_the_unique_source_index() {
        String plan = explain(store.sourceLookup(dsl, "crm", "crm-4711"));
        assertThat(plan).contains("contact_source_uq").doesNotContain("Seq Scan");
        assertThat(store.findBySource("crm", "crm-4711")).isPresent();
    }

    @Test
    void free_text_search_uses_the_tenant_leading_gin_index_on_the_search_vector() {
        ContactQuery query = ContactQuery.builder().text("zebra4711").build();
        String plan = explain(store.searchPage(dsl, query));
        assertThat(plan).contains("contact_search_tenant_gin").doesNotContain("Seq Scan");
        assertThat(store.search(query).items()).hasSize(1);
    }

    @Test
    void free_text_with_several_words_and_other_filters_still_uses_the_gin_index() {
        ContactQuery query = ContactQuery.builder().text("zebra4711 Person").statuses(ContactStatus.ACTIVE).build();
        String plan = explain(store.searchPage(dsl, query));
        assertThat(plan).contains("contact_search_tenant_gin").doesNotContain("Seq Scan");
        assertThat(store.search(query).items()).hasSize(1);
    }

    @Test
    void a_rare_tag_uses_the_tenant_leading_gin_index_on_the_tags() {
        ContactQuery query = ContactQuery.builder().anyTags("rare7").build();
        String plan = explain(store.searchPage(dsl, query));
        assertThat(plan).contains("contact_tags_tenant_gin").doesNotContain("Seq Scan");
        assertThat(store.search(query).items()).hasSize(ROWS / 1_000);
    }

    @Test
    void the_small_tenant_finds_its_rare_tag_in_the_index_without_reading_the_large_tenants_matches() {
        PostgresContactStore other = (PostgresContactStore) backend.contacts(TenantId.of("explain-other"));
        ContactQuery query = ContactQuery.builder().allTags("rare7").build();
        String plan = explain(other.searchPage(dsl, query));
        assertThat(plan).contains("contact_tags_tenant_gin").doesNotContain("Filter:").doesNotContain("Seq Scan");
        assertThat(other.search(query).items()).hasSize(OTHER_TENANT_ROWS / 1_000);
    }

    @Test
    void searches_inline_their_values_so_the_planner_never_falls_back_to_a_generic_plan() {
        ContactQuery query = ContactQuery.builder().text("zebra4711").anyTags("tag11").build();
        String rendered = store.searchPage(store.plannedContext(), query).getSQL();
        assertThat(rendered).contains("zebra4711").contains("tag11").contains("'explain'").doesNotContain("?");
    }

    @ParameterizedTest
    @EnumSource(ContactSort.class)
    void pages_after_a_cursor_walk_the_sort_index_without_sorting(ContactSort sort) {
        ContactQuery first = ContactQuery.builder().sort(sort, SortDirection.ASC).limit(100).build();
        ContactQuery second = first.after(store.search(first).nextCursor().orElseThrow());
        String plan = explain(store.searchPage(dsl, second));
        String index = switch (sort) {
            case UPDATED_AT -> "contact_updated_idx";
            case CREATED_AT -> "contact_created_idx";
            case LAST_NAME -> "contact_last_name_idx";
        };
        assertThat(plan).contains("Index Scan using " + index).doesNotContain("Sort").doesNotContain("Seq Scan");
        assertThat(store.search(second).items()).hasSize(100);
    }

    private String explain(Query query) {
        List<String> lines = dsl.fetch("EXPLAIN " + dsl.renderInlined(query)).getValues(0, String.class);
        return String.join("\n", lines);
    }

    /** Imports contacts with distinct emails, sources and a rare word each, in import batches. */
    private static void importContacts(dev.stowage.contact.ContactStore contacts, int count) {
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        List<Contact> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ContactDraft draft = ContactDraft.builder("person-" + i + "@example.com")
                    .firstName("Person").lastName("Number" + i).company("Company" + (i % 50))
                    .notes("zebra" + i + " likes tea").tags(i % 1_000 == 7 ? List.of("tag" + (i % 20), "rare7") : List.of("tag" + (i % 20)))
                    .source("crm", "crm-" + i).build();
            batch.add(Contact.of(UUID.randomUUID(), draft, created.plusSeconds(i), created.plusSeconds(i), 1));
            if (batch.size() == 5_000 || i == count - 1) {
                contacts.importContacts(batch);
                batch.clear();
            }
        }
    }
}
