package dev.stowage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.testkit.PrivatePostgres;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A frozen server ({@code kill -STOP} of a private PostgreSQL's postmaster and children) must
 * not hold callers: with a statement timeout of 2 s, reads, writes and transactions all fail
 * with {@link StoreTimeoutException} while the server is still frozen (a watchdog thaws it after
 * 10 s; a call that waited for the thaw would have succeeded or failed otherwise), and once the
 * server runs again the same backend serves calls without being reopened. The server-side
 * statement timeout cannot fire in a frozen server; the network timeout on every connection does.
 * Run with a pool the builder creates and with a caller's own HikariCP pool on its defaults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrozenServerTest {

    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    private static final long FREEZE_SECONDS = 10;
    private static final int CALLERS = 4;

    private final MutableClock clock = MutableClock.standard();
    private PrivatePostgres server;

    @BeforeAll
    void startServer() {
        server = PrivatePostgres.start();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void calls_on_a_pool_the_builder_created_time_out_while_the_server_is_frozen_and_work_after_it_thaws() {
        String schema = "frozen_own";
        StoreBackend backend = PostgresStores.builder(server.jdbcUrl("postgres")).user("postgres")
                .password(server.superuserPassword()).schema(schema).clock(clock).maxPoolSize(CALLERS).minIdle(CALLERS)
                .applicationName("stowage-frozen-own").statementTimeout(STATEMENT_TIMEOUT).buildBackend();
        try {
            freezeAndCall(backend, TenantId.of("own"));
        } finally {
            backend.close();
        }
    }

    @Test
    void calls_through_a_callers_data_source_time_out_while_the_server_is_frozen_and_work_after_it_thaws() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl("postgres"));
        config.setUsername("postgres");
        config.setPassword(server.superuserPassword());
        config.setMaximumPoolSize(CALLERS);
        // As the module README recommends for a DataSource of your own: connection and validation
        // timeouts no longer than the statement timeout, and a short cancel timeout (pgjdbc cancels
        // timed-out statements one at a time, each waiting up to cancelSignalTimeout for a frozen server).
        config.setConnectionTimeout(STATEMENT_TIMEOUT.toMillis());
        config.setValidationTimeout(STATEMENT_TIMEOUT.toMillis() / 2);
        config.addDataSourceProperty("cancelSignalTimeout", "1");
        try (HikariDataSource callers = new HikariDataSource(config)) {
            StoreBackend backend = PostgresStores.builder(callers).schema("frozen_theirs").clock(clock)
                    .statementTimeout(STATEMENT_TIMEOUT).buildBackend();
            try {
                freezeAndCall(backend, TenantId.of("theirs"));
            } finally {
                backend.close();
            }
        }
    }

    private void freezeAndCall(StoreBackend backend, TenantId tenant) {
        var contacts = backend.contacts(tenant);
        var credits = backend.credits(tenant);
        var tokens = backend.tokens(tenant);
        UUID existing = contacts.create(ContactDraft.builder("before@example.com").build()).id();
        credits.post(Posting.purchase("account", 10));
        List<Function<Integer, Object>> calls = List.of(
                attempt -> contacts.get(existing),
                attempt -> contacts.create(ContactDraft.builder("frozen" + attempt + "@example.com").build()),
                attempt -> credits.post(Posting.deduction("account", 1).withIdempotencyKey("frozen-" + attempt)),
                attempt -> contacts.search(ContactQuery.builder().text("before").build()),
                attempt -> tokens.putCredential(CredentialDraft.builder("subject", "p" + attempt, "access").build()));

        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(calls.size());
        List<String> timings = new ArrayList<>();
        try {
            server.freeze();
            long frozenAt = System.nanoTime();
            watchdog.schedule(server::thaw, FREEZE_SECONDS, TimeUnit.SECONDS);
            List<Future<Outcome>> outcomes = new ArrayList<>();
            // Every kind of call at once, as live traffic would (one more than the pool has connections),
            // then one alone.
            for (int i = 0; i < calls.size(); i++) {
                int index = i;
                outcomes.add(callers.submit(outcome(() -> calls.get(index).apply(index))));
            }
            for (Future<Outcome> outcome : outcomes) {
                Outcome result = outcome.get(2 * FREEZE_SECONDS, TimeUnit.SECONDS);
                timings.add(result.millis() + " ms");
                assertThat(result.failure()).as("a call against the frozen server")
                        .isInstanceOf(StoreTimeoutException.class);
                assertThat(result.failedWhileFrozen()).as("the call failed before the server was thawed").isTrue();
                assertThat(((StoreTimeoutException) result.failure()).isRetryable()).isTrue();
            }
            Outcome again = outcome(() -> calls.get(0).apply(99)).call();
            timings.add(again.millis() + " ms (alone)");
            assertThat(again.failure()).isInstanceOf(StoreTimeoutException.class);
            assertThat(again.failedWhileFrozen()).isTrue();
            System.out.println("FrozenServerTest (" + tenant.value() + "): calls failed after " + timings + "; the server was frozen "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt) + " ms so far");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            server.thaw();
            watchdog.shutdownNow();
            callers.shutdownNow();
        }

        // The same backend recovers once the server answers again; broken connections are replaced.
        assertThat(recovered(() -> contacts.get(existing))).isPresent();
        assertThat(recovered(() -> credits.post(Posting.deduction("account", 1).withIdempotencyKey("after")))
                .balanceAfter()).isLessThan(10);
        assertThat(recovered(() -> contacts.create(ContactDraft.builder("after@example.com").build())).version())
                .isEqualTo(1);
    }

    /** Runs a call after the thaw, repeating it as a caller would while connections broken by the freeze are replaced. */
    private static <T> T recovered(Callable<T> call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return call.call();
            } catch (Exception e) {
                assertThat(e).isInstanceOf(dev.stowage.exception.StoreException.class);
                assertThat(((dev.stowage.exception.StoreException) e).isRetryable()).as("after the thaw: %s", e).isTrue();
                assertThat(System.nanoTime()).as("the backend recovers after the thaw").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private Callable<Outcome> outcome(Callable<Object> call) {
        return () -> {
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                call.call();
            } catch (Throwable e) {
                failure = e;
            }
            boolean frozen = server.isFrozen();
            return new Outcome(failure, frozen, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        };
    }

    /**
     * @param failure           what the call threw, or {@code null}
     * @param failedWhileFrozen whether the server was still frozen when the call returned
     * @param millis            how long the call took (reported, never asserted)
     */
    private record Outcome(Throwable failure, boolean failedWhileFrozen, long millis) {
    }
}
