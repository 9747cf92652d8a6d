package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.testkit.PrivateRedis;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.Test;

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
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frozen server ({@code kill -STOP} of a private redis-server) must not hold callers: with a
 * command timeout of 1 s, reads, scripts and writes all fail with {@link StoreTimeoutException}
 * while the server is still frozen (a watchdog thaws it after 10 s; a call that waited for the
 * thaw would have returned otherwise), and once it runs again the same backend serves calls
 * without being reopened.
 */
class FrozenServerTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final long FREEZE_SECONDS = 10;

    private final MutableClock clock = MutableClock.standard();

    @Test
    void calls_time_out_while_the_server_is_frozen_and_work_after_it_thaws() throws Exception {
        try (PrivateRedis server = PrivateRedis.start();
             StoreBackend backend = RedisStores.builder(server.uri()).prefix("frozen").clock(clock)
                     .commandTimeout(COMMAND_TIMEOUT).buildBackend()) {
            TenantId tenant = TenantId.of("frozen");
            var contacts = backend.contacts(tenant);
            var credits = backend.credits(tenant);
            var tokens = backend.tokens(tenant);
            UUID existing = contacts.create(ContactDraft.builder("before@example.com").build()).id();
            credits.post(Posting.purchase("account", 10));
            List<Callable<Object>> calls = List.of(
                    () -> contacts.get(existing),
                    () -> contacts.create(ContactDraft.builder("frozen@example.com").build()),
                    () -> credits.post(Posting.deduction("account", 1).withIdempotencyKey("frozen")),
                    () -> credits.account("account"),
                    () -> tokens.putCredential(CredentialDraft.builder("subject", "provider", "access").build()));

            ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
            ExecutorService callers = Executors.newFixedThreadPool(calls.size());
            List<Long> millis = new ArrayList<>();
            try {
                server.freeze();
                watchdog.schedule(server::thaw, FREEZE_SECONDS, TimeUnit.SECONDS);
                List<Future<Throwable>> failures = new ArrayList<>();
                List<Long> starts = new ArrayList<>();
                for (Callable<Object> call : calls) {
                    starts.add(System.nanoTime());
                    failures.add(callers.submit(() -> failureOf(call, server)));
                }
                for (int i = 0; i < failures.size(); i++) {
                    Throwable failure = failures.get(i).get(2 * FREEZE_SECONDS, TimeUnit.SECONDS);
                    millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starts.get(i)));
                    assertThat(failure).as("call %d against the frozen server", i)
                            .isInstanceOf(StoreTimeoutException.class);
                }
                assertThat(server.isFrozen()).as("every call failed before the server was thawed").isTrue();
                System.out.println("redis FrozenServerTest: calls failed within " + millis + " ms");
            } finally {
                server.thaw();
                watchdog.shutdownNow();
                callers.shutdownNow();
            }

            assertThat(recovered(() -> contacts.get(existing))).isPresent();
            assertThat(recovered(() -> credits.post(Posting.deduction("account", 1).withIdempotencyKey("after")))
                    .balanceAfter()).isLessThan(10);
        }
    }

    /**
     * @return what the call threw while the server was frozen; a call that returned, or that
     *     failed after the thaw, fails the test
     */
    private static Throwable failureOf(Callable<Object> call, PrivateRedis server) {
        try {
            call.call();
        } catch (Exception e) {
            assertThat(server.isFrozen()).as("failed while frozen: %s", e).isTrue();
            return e;
        }
        throw new AssertionError("a call succeeded against a frozen server");
    }

    private static <T> T recovered(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return call.call();
            } catch (StoreException e) {
                assertThat(e.isRetryable()).as("after the thaw: %s", e).isTrue();
                assertThat(System.nanoTime()).as("the backend recovers after the thaw").isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }
}
