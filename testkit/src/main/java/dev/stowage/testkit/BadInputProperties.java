package dev.stowage.testkit;

import dev.stowage.StowageConfig;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property-based suite (jqwik) that throws random, mostly bad arguments at every method of the
 * three store SPIs and checks, for every call:
 * <ol>
 *   <li>only {@link dev.stowage.exception.StoreException} subtypes escape the store (never a
 *       NullPointerException, IllegalArgumentException, ArithmeticException or driver error);</li>
 *   <li>the outcome (the exception's class and the field, conflict reason or account state it
 *       names; or the result, with generated ids masked) is identical to that of the in-memory
 *       reference backend given the same calls;</li>
 *   <li>a call that threw left the store exactly as it was.</li>
 * </ol>
 * Each try runs one to three calls in a fresh tenant seeded with the same few records on both
 * backends. Besides the random sequences, an exhaustive sweep runs every credit and token method
 * once with each edge value of each parameter (the others valid), so no bound is left to chance. A backend plugs in like a contract suite:
 * <pre>{@code
 * class MyBadInputPropertiesTest extends BadInputProperties {
 *     @Override
 *     protected StoreBackend openBackend(Clock clock) {
 *         return MyStores.builder(...).clock(clock).buildBackend();
 *     }
 * }
 * }</pre>
 * The reference is the backend named {@code memory}, found with {@link ServiceLoader}, so
 * {@code stowage-inmemory} must be on the test class path. Both backends are opened once per
 * class and closed after its last property ({@link #closeBackend} for the one under test).
 */
@PropertyDefaults(tries = BadInputProperties.TRIES)
public abstract class BadInputProperties {

    /** Tries per property; each try costs a few round trips on a real server. */
    static final int TRIES = 80;
    /** Upper bound of the exhaustive sweeps, which try each of their calls exactly once. */
    static final int SWEEP_TRIES = 2_000;

    private static final Map<Class<?>, Deployment> DEPLOYMENTS = new ConcurrentHashMap<>();

    /**
     * Opens the backend under test, once per class.
     *
     * @param clock the clock its stores must use; it stands still during the suite
     * @return the backend
     */
    protected abstract StoreBackend openBackend(Clock clock);

    /**
     * Closes the backend under test after the class's last property. Override to also remove the
     * class's schema or key prefix; call {@code super.closeBackend(backend)} first.
     *
     * @param backend the backend under test
     */
    protected void closeBackend(StoreBackend backend) {
        backend.close();
    }

    @Provide
    Arbitrary<List<Call<ContactStore>>> contactCalls() {
        return ContactCalls.calls().list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Call<CreditStore>>> creditCalls() {
        return CreditCalls.calls().list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Call<TokenStore>>> tokenCalls() {
        return TokenCalls.calls().list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Call<CreditStore>> creditSweep() {
        return Arbitraries.of(CreditCalls.sweep());
    }

    @Provide
    Arbitrary<Call<TokenStore>> tokenSweep() {
        return Arbitraries.of(TokenCalls.sweep());
    }

    @Property(tries = SWEEP_TRIES, generation = GenerationMode.EXHAUSTIVE)
    void every_credit_store_method_with_one_argument_at_each_edge_value_behaves_like_the_reference(
            @ForAll("creditSweep") Call<CreditStore> call) {
        check(CreditCalls.KIND, List.of(call));
    }

    @Property(tries = SWEEP_TRIES, generation = GenerationMode.EXHAUSTIVE)
    void every_token_store_method_with_one_argument_at_each_edge_value_behaves_like_the_reference(
            @ForAll("tokenSweep") Call<TokenStore> call) {
        check(TokenCalls.KIND, List.of(call));
    }

    @Property(tries = 50)
    void contact_store_calls_fail_only_with_store_exceptions_like_the_reference_and_change_nothing_when_they_fail(
            @ForAll("contactCalls") List<Call<ContactStore>> calls) {
        check(ContactCalls.KIND, calls);
    }

    @Property
    void credit_store_calls_fail_only_with_store_exceptions_like_the_reference_and_change_nothing_when_they_fail(
            @ForAll("creditCalls") List<Call<CreditStore>> calls) {
        check(CreditCalls.KIND, calls);
    }

    @Property
    void token_store_calls_fail_only_with_store_exceptions_like_the_reference_and_change_nothing_when_they_fail(
            @ForAll("tokenCalls") List<Call<TokenStore>> calls) {
        check(TokenCalls.KIND, calls);
    }

    private <S> void check(StoreKind<S> kind, List<Call<S>> calls) {
        Deployment deployment = DEPLOYMENTS.computeIfAbsent(getClass(), type -> new Deployment(this));
        @SuppressWarnings("unchecked")
        Session<S> session = deployment.unchanged != null && deployment.unchanged.kind == kind
                ? (Session<S>) deployment.unchanged : new Session<>(kind, deployment);
        deployment.unchanged = null;
        S tested = session.tested;
        S reference = session.reference;
        Seed testedSeed = session.testedSeed;
        Seed referenceSeed = session.referenceSeed;
        String testedBefore = session.testedState;
        String referenceBefore = session.referenceState;
        for (Call<S> call : calls) {
            Outcome outcome = Outcome.of(() -> call.action().apply(tested, testedSeed));
            Outcome expected = Outcome.of(() -> call.action().apply(reference, referenceSeed));
            assertThat(expected.escaped()).as("%s: the reference threw %s", call, expected.failure()).isFalse();
            assertThat(outcome.escaped()).as("%s: threw %s, which is not a StoreException", call, outcome.failure())
                    .isFalse();
            assertThat(outcome.description()).as("%s: outcome compared with the in-memory reference (%s)", call,
                    outcome.failure()).isEqualTo(expected.description());
            String testedAfter = kind.snapshot().apply(tested, testedSeed);
            String referenceAfter = kind.snapshot().apply(reference, referenceSeed);
            if (outcome.failed()) {
                assertThat(testedAfter).as("%s failed and must change nothing", call).isEqualTo(testedBefore);
            }
            if (expected.failed()) {
                assertThat(referenceAfter).as("%s failed on the reference and must change nothing", call)
                        .isEqualTo(referenceBefore);
            }
            testedBefore = testedAfter;
            referenceBefore = referenceAfter;
        }
        if (testedBefore.equals(session.testedState) && referenceBefore.equals(session.referenceState)) {
            // The calls left both stores as seeded: the next try may start from here, which
            // spares a real server most of the seeding.
            deployment.unchanged = session;
        }
    }

    /**
     * A fresh tenant seeded alike on both backends, with the state each holds.
     *
     * @param <S> the store type
     */
    private static final class Session<S> {
        private final StoreKind<S> kind;
        private final S tested;
        private final S reference;
        private final Seed testedSeed;
        private final Seed referenceSeed;
        private final String testedState;
        private final String referenceState;

        Session(StoreKind<S> kind, Deployment deployment) {
            TenantId tenant = StoreContract.freshTenant();
            this.kind = kind;
            tested = kind.store().apply(deployment.tested, tenant);
            reference = kind.store().apply(deployment.reference, tenant);
            testedSeed = kind.seed().apply(tested);
            referenceSeed = kind.seed().apply(reference);
            testedState = kind.snapshot().apply(tested, testedSeed);
            referenceState = kind.snapshot().apply(reference, referenceSeed);
        }
    }

    /** Closes the backends of every class whose properties have run. */
    @AfterContainer
    static void closeDeployments() {
        for (Class<?> type : List.copyOf(DEPLOYMENTS.keySet())) {
            Deployment deployment = DEPLOYMENTS.remove(type);
            if (deployment != null) {
                deployment.close();
            }
        }
    }

    /**
     * One call of a store method with generated arguments; its label names the method and arguments.
     *
     * @param label  how the call reads in a failure report
     * @param action the call, given the store and what seeding it produced
     * @param <S>    the store type
     */
    record Call<S>(String label, BiFunction<S, Seed, Object> action) {
        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * Values a backend generated while it was seeded, which calls may present (a refresh token's
     * value and family differ per backend).
     *
     * @param refreshToken a refresh token issued in the tenant, or {@code null}
     * @param familyId     its family, or {@code null}
     */
    record Seed(String refreshToken, java.util.UUID familyId) {
        /** No generated values. */
        static final Seed NONE = new Seed(null, null);
    }

    /**
     * How the suite reaches one kind of store.
     *
     * @param store    the tenant's store of a backend
     * @param seed     writes the same few records into a fresh tenant's store
     * @param snapshot the store's whole state as text, to tell whether a call changed it
     * @param <S>      the store type
     */
    record StoreKind<S>(BiFunction<StoreBackend, TenantId, S> store, Function<S, Seed> seed,
                        BiFunction<S, Seed, String> snapshot) {
    }

    /** The backend under test and the reference, on one standing clock. */
    private static final class Deployment {
        private final BadInputProperties owner;
        private final StoreBackend tested;
        private final StoreBackend reference;
        /** The last tenant whose calls all failed, so it still holds exactly its seed. */
        private Session<?> unchanged;

        Deployment(BadInputProperties owner) {
            Clock clock = MutableClock.at(BadInputs.NOW);
            this.owner = owner;
            this.reference = reference(clock);
            this.tested = owner.openBackend(clock);
        }

        void close() {
            try {
                owner.closeBackend(tested);
            } finally {
                reference.close();
            }
        }

        private static StoreBackend reference(Clock clock) {
            for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
                if (provider.name().equals("memory")) {
                    return provider.open(new BackendContext(StowageConfig.of(Map.of()), clock));
                }
            }
            throw new IllegalStateException("BadInputProperties compares every backend with the in-memory reference;"
                    + " add dev.stowage:stowage-inmemory to the test class path");
        }
    }
}
