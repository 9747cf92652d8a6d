package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.Posting;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints rough single-thread latencies of a point read and a deduction, next to a raw Lettuce
 * GET plus JSON decode of the same record. Informational only: the numbers are printed, never
 * asserted (timings belong in benchmarks); the test asserts that the operations did their work.
 */
class LatencyReportTest extends RedisTestBase {

    private static final int OPERATIONS = 2_000;

    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }

    @Test
    void point_reads_and_deductions_are_timed() {
        TenantId tenant = TenantId.of("latency");
        ContactStore contacts = backend.contacts(tenant);
        CreditStore credits = backend.credits(tenant);
        Contact contact = contacts.create(ContactDraft.builder("ada@example.com").firstName("Ada")
                .lastName("Lovelace").company("Analytical Engines").tags("vip", "b2b").build());
        credits.post(Posting.purchase("acct", OPERATIONS));

        RedisClient client = RedisClient.create(target.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String key = "{" + prefix + ":latency}:c:" + contact.id();
            for (int i = 0; i < 500; i++) {
                Codec.contact(connection.sync().get(key));
                contacts.get(contact.id());
            }
            // Interleaved, so that load from other processes weighs on both alike.
            long rawNanos = 0;
            long readNanos = 0;
            long found = 0;
            for (int i = 0; i < OPERATIONS; i++) {
                long start = System.nanoTime();
                Codec.contact(connection.sync().get(key));
                long middle = System.nanoTime();
                found += contacts.get(contact.id()).map(Contact::version).orElse(0L);
                long end = System.nanoTime();
                rawNanos += middle - start;
                readNanos += end - middle;
            }
            assertThat(found).isEqualTo(OPERATIONS);

            long deductStart = System.nanoTime();
            for (int i = 0; i < OPERATIONS; i++) {
                credits.post(Posting.deduction("acct", 1));
            }
            long deductNanos = System.nanoTime() - deductStart;

            assertThat(credits.account("acct").orElseThrow().balance()).isZero();
            System.out.printf("Redis latency, single thread, N=%d on %s: raw GET+decode %.1f us, "
                            + "contacts.get %.1f us, credits.post(deduction) %.1f us%n", OPERATIONS, target.uri(),
                    rawNanos / 1_000.0 / OPERATIONS, readNanos / 1_000.0 / OPERATIONS,
                    deductNanos / 1_000.0 / OPERATIONS);
        } finally {
            client.shutdown();
        }
    }
}
