package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreException;
import dev.stowage.migration.StoreKind;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RotationResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mixed application traffic from several instances (each a {@link Stores} over its own switching
 * backend), recording every acknowledged write: contact creates, updates and deletes, postings with
 * idempotency keys, refresh-token issues and rotations, access-token revocations. Each worker owns
 * its contacts, account and token family, so the expected end state follows from its
 * acknowledgements alone. A call that fails is counted and not acknowledged (a posting is retried
 * under the same key, as a caller would); {@link #check} proves every acknowledged write is present
 * exactly once.
 */
final class Traffic implements AutoCloseable {

    private final List<Thread> workers = new ArrayList<>();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<UUID, Long> contactVersions = new ConcurrentHashMap<>();
    private final Set<UUID> deleted = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> postedKeys = new ConcurrentHashMap<>();
    private final Set<String> revokedJtis = ConcurrentHashMap.newKeySet();
    private final Map<String, String> latestTokens = new ConcurrentHashMap<>();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private volatile boolean running = true;

    Traffic(String label, List<Stores> instances, int workersPerInstance) {
        for (int i = 0; i < instances.size(); i++) {
            for (int w = 0; w < workersPerInstance; w++) {
                String name = label + "-" + i + "-" + w;
                Stores stores = instances.get(i);
                Thread thread = new Thread(() -> work(name, stores), "traffic-" + name);
                thread.setDaemon(true);
                workers.add(thread);
            }
        }
        workers.forEach(Thread::start);
    }

    private void work(String name, Stores stores) {
        List<Contact> mine = new ArrayList<>();
        String account = "acct-" + name;
        IssuedRefreshToken token = null;
        long n = 0;
        while (running) {
            n++;
            long started = System.nanoTime();
            try {
                switch ((int) (n % 6)) {
                    case 0 -> {
                        Contact created = stores.contacts().create(ContactDraft.builder(name + "-" + n + "@example.com")
                                .firstName("W" + n).build());
                        mine.add(created);
                        contactVersions.put(created.id(), created.version());
                    }
                    case 1 -> {
                        if (!mine.isEmpty()) {
                            int at = (int) (n % mine.size());
                            Contact before = mine.get(at);
                            Contact after = stores.contacts().update(before.id(), before.version(),
                                    before.toDraft().toBuilder().lastName("L" + n).build());
                            mine.set(at, after);
                            contactVersions.put(after.id(), after.version());
                        }
                    }
                    case 2 -> {
                        if (mine.size() > 3 && n % 4 == 2) {
                            Contact gone = mine.remove(0);
                            stores.contacts().delete(gone.id());
                            contactVersions.remove(gone.id());
                            deleted.add(gone.id());
                        }
                    }
                    case 3 -> post(stores, account, name + "-k" + n);
                    case 4 -> {
                        if (token == null) {
                            token = stores.tokens().issueRefreshToken("subject-" + name, Duration.ofHours(1));
                        } else {
                            RotationResult result = stores.tokens().rotateRefreshToken(token.token(), Duration.ofHours(1));
                            assertThat(result).as("rotation of %s's own current token", name)
                                    .isInstanceOf(RotationResult.Rotated.class);
                            token = ((RotationResult.Rotated) result).next();
                        }
                        latestTokens.put(name, token.token());
                    }
                    default -> {
                        String jti = "jti-" + name + "-" + n;
                        stores.tokens().revokeAccessToken(jti, Instant.now().plus(Duration.ofHours(1)));
                        revokedJtis.add(jti);
                    }
                }
                operations.incrementAndGet();
                writeNanos.addAndGet(System.nanoTime() - started);
            } catch (StoreException e) {
                failures.add(e);
                token = null;
                latestTokens.remove(name);
            } catch (Throwable e) {
                failures.add(e);
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    private Traffic() {
        running = false;
    }

    /**
     * Writes what was acknowledged (and the failures) to a file, one record a line, so that a
     * parent process can check another process's writes; {@link #load} reads it back.
     *
     * @param file where to write
     */
    void save(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("operations\t" + operations.get());
        contactVersions.forEach((id, version) -> lines.add("contact\t" + id + "\t" + version));
        deleted.forEach(id -> lines.add("deleted\t" + id));
        postedKeys.forEach((account, keys) -> keys.forEach(key -> lines.add("posted\t" + account + "\t" + key)));
        revokedJtis.forEach(jti -> lines.add("revoked\t" + jti));
        latestTokens.forEach((name, token) -> lines.add("token\t" + name + "\t" + token));
        failures().forEach(failure -> lines.add("failure\t" + String.valueOf(failure).replaceAll("\\s+", " ")));
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.write(partial, lines, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param file a file {@link #save} wrote
     * @return traffic that has stopped, holding the acknowledgements and failures of the file
     */
    static Traffic load(Path file) throws IOException {
        Traffic traffic = new Traffic();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] field = line.split("\t", 3);
            switch (field[0]) {
                case "operations" -> traffic.operations.set(Long.parseLong(field[1]));
                case "contact" -> traffic.contactVersions.put(UUID.fromString(field[1]), Long.parseLong(field[2]));
                case "deleted" -> traffic.deleted.add(UUID.fromString(field[1]));
                case "posted" -> traffic.postedKeys.computeIfAbsent(field[1], a -> ConcurrentHashMap.newKeySet()).add(field[2]);
                case "revoked" -> traffic.revokedJtis.add(field[1]);
                case "token" -> traffic.latestTokens.put(field[1], field[2]);
                case "failure" -> traffic.failures.add(new AssertionError("in the other process: " + field[1]));
                default -> throw new AssertionError("unexpected line in " + file + ": " + field[0]);
            }
        }
        return traffic;
    }

    /** Posts under one idempotency key, retrying a few times as a caller would; acknowledged once it returns. */
    private void post(Stores stores, String account, String key) {
        StoreException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                stores.credits().post(Posting.purchase(account, 3).withIdempotencyKey(key));
                postedKeys.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(key);
                return;
            } catch (StoreException e) {
                last = e;
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
        throw last;
    }

    /** Stops every worker and waits for them. */
    void stop() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** @return the failures callers saw (none is expected: the switching backend hides the other store's) */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** @return acknowledged operations */
    long operations() {
        return operations.get();
    }

    /** @return the mean latency of an acknowledged operation, in microseconds */
    double meanMicros() {
        long count = operations.get();
        return count == 0 ? 0 : writeNanos.get() / 1_000.0 / count;
    }

    /**
     * Every acknowledged write is present exactly once in {@code stores}: each contact at its last
     * acknowledged version, each deleted one gone, each acknowledged idempotency key once in its
     * account's ledger (whose balance is the sum of its entries), each revoked jti denied, each
     * worker's latest refresh token usable.
     */
    void check(Stores stores) {
        check(stores, EnumSet.allOf(StoreKind.class));
    }

    /** {@link #check(Stores)} of some stores only (those a partial migration moved). */
    void check(Stores stores, Set<StoreKind> which) {
        assertThat(operations()).as("traffic ran").isPositive();
        if (which.contains(StoreKind.CONTACTS)) {
            checkContacts(stores);
        }
        if (which.contains(StoreKind.CREDITS)) {
            checkCredits(stores);
        }
        if (which.contains(StoreKind.TOKENS)) {
            checkTokens(stores);
        }
    }

    private void checkContacts(Stores stores) {
        contactVersions.forEach((id, version) -> assertThat(stores.contacts().get(id)).as("contact %s", id)
                .hasValueSatisfying(contact -> assertThat(contact.version()).isEqualTo(version)));
        deleted.forEach(id -> assertThat(stores.contacts().get(id)).as("deleted contact %s", id).isEmpty());
    }

    private void checkCredits(Stores stores) {
        postedKeys.forEach((account, keys) -> {
            Map<String, Integer> seen = new HashMap<>();
            long sum = 0;
            for (LedgerEntry entry : stores.credits().entries(account, 0, 10_000)) {
                seen.merge(entry.idempotencyKey(), 1, Integer::sum);
                sum += entry.amount();
            }
            for (String key : keys) {
                assertThat(seen.get(key)).as("entries of %s with key %s", account, key).isEqualTo(1);
            }
            assertThat(stores.credits().account(account).orElseThrow().balance()).as("balance of %s", account)
                    .isEqualTo(sum);
        });
    }

    private void checkTokens(Stores stores) {
        revokedJtis.forEach(jti -> assertThat(stores.tokens().isAccessTokenRevoked(jti)).as("jti %s", jti).isTrue());
        latestTokens.forEach((name, token) -> assertThat(stores.tokens().findRefreshToken(token))
                .as("latest refresh token of %s", name).isPresent());
    }

    /** The acknowledged writes of a store that stayed put are not in {@code stores} (another backend). */
    void checkAbsent(Stores stores, StoreKind which) {
        assertThat(which).as("only tokens are checked absent").isEqualTo(StoreKind.TOKENS);
        assertThat(revokedJtis).as("traffic revoked access tokens").isNotEmpty();
        revokedJtis.forEach(jti -> assertThat(stores.tokens().isAccessTokenRevoked(jti)).as("jti %s", jti).isFalse());
        latestTokens.forEach((name, token) -> assertThat(stores.tokens().findRefreshToken(token))
                .as("latest refresh token of %s", name).isEmpty());
    }
}
