package dev.stowage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.exception.ValidationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Real server errors reach callers only as Stowage exceptions, chosen by SQLState: unique
 * violation, check violation, numeric overflow, statement timeout (server-side and through
 * JDBC for a caller's DataSource) and anything else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorTranslationTest {

    private final String schema = TestDatabase.uniqueSchema(ErrorTranslationTest.class);
    private final MutableClock clock = MutableClock.standard();
    private StoreBackend backend;
    private Database db;

    @BeforeAll
    void open() {
        backend = TestDatabase.builder(schema, clock).statementTimeout(Duration.ofMillis(300)).buildBackend();
        db = ((PostgresBackend) backend).database();
    }

    @AfterAll
    void close() {
        backend.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void a_unique_violation_is_a_duplicate_key_conflict() {
        String insert = "INSERT INTO \"" + schema + "\".revoked_access_token VALUES ('t', 'jti', now())";
        db.write("test", dsl -> dsl.execute(insert));
        Throwable failure = catchThrowable(() -> db.write("test", dsl -> dsl.execute(insert)));
        assertThat(failure).isInstanceOf(ConflictException.class);
        assertThat(((ConflictException) failure).reason()).isEqualTo(ConflictException.Reason.DUPLICATE_KEY);
    }

    @Test
    void a_check_violation_is_a_validation_error_naming_the_constraint() {
        String insert = "INSERT INTO \"" + schema + "\".credit_account VALUES ('t', 'a', -1, 0, 0, 1, now(), now())";
        Throwable failure = catchThrowable(() -> db.write("test", dsl -> dsl.execute(insert)));
        assertThat(failure).isInstanceOf(ValidationException.class);
        assertThat(((ValidationException) failure).field()).isEqualTo("credit_account_balance_not_negative");
    }

    @Test
    void any_other_server_error_is_a_store_exception_carrying_the_sql_state() {
        Throwable failure = catchThrowable(() -> db.read("test", dsl -> dsl.fetch("SELEKT 1")));
        assertThat(failure).isExactlyInstanceOf(StoreException.class).hasMessageContaining("42601");
        assertThat(failure).isNotInstanceOf(DataAccessException.class);
    }

    @Test
    void a_statement_that_outlives_the_timeout_is_a_timeout_and_changes_nothing() throws SQLException {
        CreditStore credits = backend.credits(TenantId.of("timeout"));
        credits.post(Posting.purchase("locked", 10));
        try (Connection holder = TestDatabase.connect(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("SELECT * FROM \"" + schema + "\".credit_account WHERE account_id = 'locked' FOR UPDATE");
            Throwable failure = catchThrowable(() -> credits.post(Posting.deduction("locked", 1)));
            assertThat(failure).isInstanceOf(StoreTimeoutException.class).hasMessageContaining("300 ms");
            assertThat(((StoreTimeoutException) failure).isRetryable()).isTrue();
            holder.rollback();
        }
        assertThat(credits.account("locked")).map(CreditAccount::balance).contains(10L);
        assertThat(credits.entries("locked", 0, 10)).hasSize(1);
    }

    @Test
    void a_callers_data_source_gets_the_timeout_through_jdbc_and_stays_open_after_close() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.url());
        config.setMaximumPoolSize(2);
        try (HikariDataSource callers = new HikariDataSource(config)) {
            StoreBackend external = PostgresStores.builder(callers).schema(schema).clock(clock)
                    .statementTimeout(Duration.ofSeconds(1)).buildBackend();
            CreditStore credits = external.credits(TenantId.of("external"));
            credits.post(Posting.purchase("locked", 10));
            try (Connection holder = TestDatabase.connect(); Statement statement = holder.createStatement()) {
                holder.setAutoCommit(false);
                statement.execute("SELECT * FROM \"" + schema + "\".credit_account WHERE tenant_id = 'external'"
                        + " FOR UPDATE");
                assertThatThrownBy(() -> credits.post(Posting.deduction("locked", 1)))
                        .isInstanceOf(StoreTimeoutException.class);
                holder.rollback();
            }
            external.close();
            assertThat(callers.isClosed()).as("a caller's DataSource is the caller's to close").isFalse();
            try (Connection stillUsable = callers.getConnection()) {
                assertThat(stillUsable.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void a_posting_that_would_overflow_the_balance_is_rejected_naming_amount_and_writes_nothing() {
        CreditStore credits = backend.credits(TenantId.of("overflow"));
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        List<LedgerEntry> entries = new ArrayList<>();
        long balance = 0;
        int count = (int) (Long.MAX_VALUE / Posting.MAX_AMOUNT);
        for (int i = 1; i <= count; i++) {
            balance += Posting.MAX_AMOUNT;
            entries.add(new LedgerEntry(UUID.randomUUID(), "full", i, EntryType.PURCHASE, Posting.MAX_AMOUNT, balance,
                    null, Map.of(), null, at));
        }
        CreditAccount full = new CreditAccount("full", balance, balance, 0, at, at);
        // Thousands of entries: imported with the default timeout, not this class's 300 ms, which
        // a loaded machine can exceed.
        try (StoreBackend roomy = TestDatabase.builder(schema, clock).buildBackend()) {
            roomy.credits(TenantId.of("overflow")).importAccounts(List.of(new AccountHistory(full, entries)));
        }

        Throwable failure = catchThrowable(() -> credits.post(Posting.bonus("full", Posting.MAX_AMOUNT)));

        assertThat(failure).isInstanceOf(ValidationException.class);
        assertThat(((ValidationException) failure).field()).isEqualTo("amount");
        assertThat(((ValidationException) failure).rule()).isEqualTo("overflow");
        assertThat(credits.account("full")).contains(full);
        assertThat(credits.entries("full", count - 1L, 10)).hasSize(1);
    }
}
