package dev.stowage.migration.switching;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.Posting;
import dev.stowage.migration.TestBackend;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each stage costs the caller, Redis to PostgreSQL: the same contact creates and reads and
 * postings at every stage, the mean latency printed per stage (measured, never asserted), and the
 * writes checked on both stores where the stage replicates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageOverheadTest {

    private static final int OPERATIONS = 40;

    private final String space = "sw_overhead_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private StoreBackend redis;
    private StoreBackend postgres;

    @BeforeAll
    void open() {
        redis = RedisStores.builder(TestServers.redisUri()).prefix(space).commandTimeout(Duration.ofSeconds(10))
                .buildBackend();
        postgres = PostgresStores.builder(TestServers.postgresUrl()).schema(space).maxPoolSize(2).minIdle(1)
                .buildBackend();
    }

    @AfterAll
    void close() {
        redis.close();
        postgres.close();
        TestBackend.sql("DROP SCHEMA IF EXISTS \"" + space + "\" CASCADE");
        TestBackend.deleteRedisKeys(TestBackend.Kind.REDIS, space);
    }

    @Test
    void every_stage_serves_the_same_results_and_its_cost_is_measured() {
        measure(Stage.OFF, TenantId.of("warm-up"));
        StringBuilder line = new StringBuilder("caller mean per operation (us), redis -> postgres:");
        for (Stage stage : Stage.values()) {
            TenantId tenant = TenantId.of("overhead-" + stage.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            double[] micros = measure(stage, tenant);
            line.append(String.format(Locale.ROOT, " %s write %.0f read %.0f;", stage, micros[0], micros[1]));
            StoreBackend authoritative = stage.newIsAuthoritative() ? postgres : redis;
            StoreBackend other = stage.newIsAuthoritative() ? redis : postgres;
            assertThat(authoritative.contacts(tenant).scan(null, 1_000)).hasSize(OPERATIONS);
            assertThat(authoritative.credits(tenant).account("acct").orElseThrow().balance()).isEqualTo(OPERATIONS);
            if (stage.replicates()) {
                assertThat(other.contacts(tenant).scan(null, 1_000))
                        .isEqualTo(authoritative.contacts(tenant).scan(null, 1_000));
                assertThat(other.credits(tenant).entries("acct", 0, 1_000))
                        .isEqualTo(authoritative.credits(tenant).entries("acct", 0, 1_000));
            } else {
                assertThat(other.contacts(tenant).scan(null, 1_000)).isEmpty();
            }
        }
        System.out.println(line);
    }

    /** @return mean microseconds of a write (a create and a posting) and of a read by id */
    private double[] measure(Stage stage, TenantId tenant) {
        SwitchingBackend backend = SwitchingBackend.builder(redis, postgres).contacts(StageSource.fixed(stage))
                .credits(StageSource.fixed(stage)).shadowRatio(0.01).metrics(false).build();
        ContactStore contacts = backend.contacts(tenant);
        CreditStore credits = backend.credits(tenant);
        List<Contact> created = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < OPERATIONS; i++) {
            created.add(contacts.create(ContactDraft.builder("c" + i + "@example.com").build()));
            credits.post(Posting.purchase("acct", 1).withIdempotencyKey("k" + i));
        }
        double write = (System.nanoTime() - started) / 1_000.0 / (2 * OPERATIONS);
        started = System.nanoTime();
        for (Contact contact : created) {
            assertThat(contacts.get(contact.id())).contains(contact);
        }
        double read = (System.nanoTime() - started) / 1_000.0 / OPERATIONS;
        return new double[] {write, read};
    }
}
