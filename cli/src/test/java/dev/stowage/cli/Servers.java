package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.TenantId;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStatus;
import dev.stowage.credit.Posting;
import dev.stowage.testkit.TestServers;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The shared test servers as the CLI's flags, the same stores opened in the test, seed data of
 * every kind of record, and clean-up (a PostgreSQL schema, a Redis key prefix per test class).
 */
final class Servers {

    private Servers() {
    }

    static List<String> postgres(String side, String schema) {
        return List.of("--" + side, "postgres", "--" + side + "-postgres-url", TestServers.postgresUrl(),
                "--" + side + "-postgres-schema", schema);
    }

    static List<String> redis(String side, String prefix) {
        return List.of("--" + side, "redis", "--" + side + "-redis-uri", TestServers.redisUri(),
                "--" + side + "-redis-prefix", prefix);
    }

    static Stores openPostgres(String schema) {
        return Stowage.open(Map.of("stowage.backend", "postgres", "stowage.postgres.url", TestServers.postgresUrl(),
                "stowage.postgres.schema", schema));
    }

    static Stores openRedis(String prefix) {
        return Stowage.open(Map.of("stowage.backend", "redis", "stowage.redis.uri", TestServers.redisUri(),
                "stowage.redis.prefix", prefix));
    }

    static void dropSchema(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Erases every tenant the stores hold (a Redis prefix's keys, a schema's rows). */
    static void eraseAll(Stores stores) {
        for (TenantId tenant : stores.contactsBackend().tenants()) {
            stores.contactsBackend().eraseTenant(tenant);
        }
    }

    /**
     * Writes every kind of record into a tenant: contacts (imported, with custom fields and an
     * address), accounts with ledgers, credentials, a rotated refresh family, a denied token.
     */
    static void seed(Stores stores, TenantId tenant, int contacts) {
        Stores view = stores.forTenant(tenant);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Contact> batch = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            batch.add(new Contact(UUID.randomUUID(), "First" + i, "Last" + i, "c" + i + "@" + tenant.value() + ".example",
                    null, "Company " + (i % 7), null, i % 3 == 0 ? new Address("1 Main St", "Springfield", null, "12345", "US")
                    : null, null, ContactStatus.ACTIVE, Set.of("t" + (i % 5)),
                    Map.of("score", new BigDecimal("1.50"), "rank", (long) i), null, null, now, now, 1 + i % 3));
            if (batch.size() == 1_000) {
                view.contacts().importContacts(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            view.contacts().importContacts(batch);
        }
        for (int a = 0; a < 3; a++) {
            view.credits().post(Posting.purchase("acct-" + a, 100 + a));
            view.credits().post(Posting.deduction("acct-" + a, 10).withIdempotencyKey("req-" + a));
        }
        view.tokens().putCredential(CredentialDraft.builder("user-1", "google", "access-secret-1")
                .refreshToken("refresh-secret-1").scopes("mail").expiresAt(now.plus(Duration.ofDays(30))).build());
        view.tokens().putCredential(CredentialDraft.builder("user-2", "github", "access-secret-2").build());
        IssuedRefreshToken issued = view.tokens().issueRefreshToken("user-1", Duration.ofDays(7));
        view.tokens().rotateRefreshToken(issued.token(), Duration.ofDays(7));
        view.tokens().revokeAccessToken("jti-" + tenant.value(), now.plus(Duration.ofHours(2)));
    }
}
