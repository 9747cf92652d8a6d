package dev.stowage.postgres;

import dev.stowage.TenantId;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Timestamps;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.RevokedAccessToken;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.stowage.postgres.internal.schema.Tables.REVOKED_ACCESS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration reads are cheap on a table of realistic size: listing tenants is a skip scan
 * through the primary key (index-only, never a sequential scan of the records), and the denylist
 * scan reads its keyset order straight from its index, without sorting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationScanPlanTest {

    private static final int TENANTS = 30;
    private static final int DENIALS_PER_TENANT = 1_000;

    private final MutableClock clock = MutableClock.standard();
    private final String schema = TestDatabase.uniqueSchema(MigrationScanPlanTest.class);
    private final List<TenantId> tenants = new ArrayList<>();
    private StoreBackend backend;
    private DSLContext dsl;

    @BeforeAll
    void fillTable() {
        backend = TestDatabase.builder(schema, clock).buildBackend();
        dsl = ((PostgresBackend) backend).database().dsl();
        Instant now = Timestamps.now(clock);
        for (int t = 0; t < TENANTS; t++) {
            TenantId tenant = TenantId.of(String.format("plan-%02d", t));
            tenants.add(tenant);
            List<RevokedAccessToken> batch = new ArrayList<>();
            for (int i = 0; i < DENIALS_PER_TENANT; i++) {
                batch.add(new RevokedAccessToken("jti-" + i, now.plus(Duration.ofMinutes(1 + i % 600))));
            }
            backend.tokens(tenant).importRevokedAccessTokens(batch);
        }
        TestDatabase.execute("VACUUM ANALYZE \"" + schema + "\".revoked_access_token");
    }

    @AfterAll
    void dropSchema() {
        backend.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void listing_tenants_skips_through_the_primary_key_without_reading_the_rows() {
        String plan = explain(PostgresBackend.tenantWalk(dsl, REVOKED_ACCESS_TOKEN, REVOKED_ACCESS_TOKEN.TENANT_ID));

        assertThat(plan).contains("Index Only Scan").contains("revoked_access_token_pk").doesNotContain("Seq Scan");
        assertThat(backend.tenants()).containsExactlyElementsOf(tenants);
    }

    @Test
    void the_denylist_scan_reads_its_order_from_the_scan_index_without_sorting() {
        PostgresTokenMigration migration = new PostgresTokenMigration(((PostgresBackend) backend).database(), "plan-07");
        Instant now = Timestamps.now(clock);
        RevokedAccessToken after = new RevokedAccessToken("jti-42", now.plus(Duration.ofMinutes(43)));

        String plan = explain(migration.denialScan(dsl, after, 500, now));

        assertThat(plan).contains("revoked_access_token_scan_idx").doesNotContain("Sort").doesNotContain("Seq Scan");
        assertThat(backend.tokens(tenants.get(7)).scanRevokedAccessTokens(after, 500)).hasSize(500)
                .allSatisfy(entry -> assertThat(RevokedAccessToken.SCAN_ORDER.compare(entry, after)).isPositive());
    }

    private String explain(Query query) {
        List<String> lines = dsl.fetch("EXPLAIN " + dsl.renderInlined(query)).getValues(0, String.class);
        return String.join("\n", lines);
    }
}
