package dev.stowage.migration.switching;

import dev.stowage.TenantErasure;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.TokenStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves each store from an old and a new backend while its data moves, following the store's
 * {@link Stage} (LaunchDarkly's migration stages): the authoritative backend executes every
 * operation and the other receives the <em>result</em> through the bulk paths (a contact with its
 * id and version, a ledger tail by sequence, a token family's state), so both hold identical ids,
 * versions and sequences. It is itself a {@link StoreBackend}, so application code does not change.
 * <pre>{@code
 * ProgrammaticStageSource contactsStage = ProgrammaticStageSource.startingAt(Stage.OFF);
 * SwitchingBackend switching = SwitchingBackend.builder(redis, postgres)
 *         .contacts(contactsStage)                // credits and tokens stay on redis (OFF)
 *         .repairQueue(PostgresRepairQueue.builder(dataSource).build())
 *         .shadowRatio(0.05)
 *         .build();
 * Stores stores = Stores.of(switching);
 * }</pre>
 * Guarantees: a failed replication never fails the caller (the key goes to the
 * {@linkplain Builder#repairQueue repair queue}, drained by the {@link #reconciler()}); shadow reads
 * never block, slow down or fail the caller; stage changes by a {@link MutableStageSource} are
 * fenced (writes in flight finish first), so no acknowledged write is lost or forked. Stage
 * changes with their gates go through a {@link StageController}. Thread-safe; {@link #close()}
 * closes both backends, the stage sources, the repair queue and the threads it started.
 */
public final class SwitchingBackend implements StoreBackend {

    private final StoreBackend oldBackend;
    private final StoreBackend newBackend;
    private final Map<StoreKind, StoreSwitch> switches;
    private final RepairQueue repairs;
    private final ShadowReads shadow;
    private final Reconciler reconciler;
    private final Clock clock;
    private final SwitchingMetrics metrics;
    private final List<AutoCloseable> alsoClosed;
    private final Map<StoreKind, StageController> controllers = new EnumMap<>(StoreKind.class);
    private final AtomicBoolean closed = new AtomicBoolean();

    private SwitchingBackend(Builder builder) {
        this.oldBackend = builder.oldBackend;
        this.newBackend = builder.newBackend;
        this.repairs = builder.repairs;
        this.clock = builder.clock;
        this.alsoClosed = List.copyOf(builder.alsoClosed);
        this.metrics = SwitchingMetrics.create(builder.metrics, builder.meterRegistry);
        this.shadow = new ShadowReads(builder.shadowRatio, builder.shadowTimeout, builder.shadowThreads,
                builder.shadowQueue, builder.shadowListener, metrics);
        Map<StoreKind, StoreSwitch> map = new EnumMap<>(StoreKind.class);
        for (StoreKind store : StoreKind.values()) {
            StageSource source = builder.sources.getOrDefault(store, StageSource.fixed(Stage.OFF));
            map.put(store, new StoreSwitch(store, source, oldBackend, newBackend, repairs, shadow, metrics));
            if (!builder.sources.containsKey(store)) {
                continue;       // a store left OFF never queues; Stowage.open gives each moving store its own backend
            }
            metrics.repairDepth(store, kind -> {
                try {
                    return repairs.size(kind);
                } catch (RuntimeException e) {
                    return Double.NaN;
                }
            });
        }
        this.switches = Collections.unmodifiableMap(map);
        this.reconciler = new Reconciler(switches);
    }

    /**
     * @param oldBackend the backend the stores are served by today
     * @param newBackend the backend they move to
     * @return a builder; every store is {@link Stage#OFF} until given a source
     */
    public static Builder builder(StoreBackend oldBackend, StoreBackend newBackend) {
        Check.required(oldBackend, "oldBackend");
        Check.required(newBackend, "newBackend");
        if (oldBackend == newBackend) {
            throw new ValidationException("newBackend", "distinct", "must be another backend than oldBackend");
        }
        return new Builder(oldBackend, newBackend);
    }

    @Override
    public String name() {
        return "switching";
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        return new SwitchingContactStore(switches.get(StoreKind.CONTACTS), Check.required(tenant, "tenant"));
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        return new SwitchingCreditStore(switches.get(StoreKind.CREDITS), Check.required(tenant, "tenant"));
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        return new SwitchingTokenStore(switches.get(StoreKind.TOKENS), Check.required(tenant, "tenant"));
    }

    /**
     * The tenants of both backends (a tenant may so far hold data on only one of them); only the
     * new one's once every store is retired.
     */
    @Override
    public List<TenantId> tenants() {
        TreeSet<String> names = new TreeSet<>();
        newBackend.tenants().forEach(tenant -> names.add(tenant.value()));
        if (!allRetired()) {
            oldBackend.tenants().forEach(tenant -> names.add(tenant.value()));
        }
        List<TenantId> out = new ArrayList<>();
        names.forEach(name -> out.add(TenantId.of(name)));
        return out;
    }

    /**
     * Erases the tenant from both backends, whatever the stages (an erasure must reach every copy);
     * a failure on a store's non-authoritative backend is queued for each store it serves. Counts
     * are the authoritative backend's of the contacts store.
     */
    @Override
    public TenantErasure eraseTenant(TenantId tenant) {
        Check.required(tenant, "tenant");
        StoreSwitch contacts = switches.get(StoreKind.CONTACTS);
        Stage stage = contacts.stage();
        StoreBackend first = contacts.authoritative(stage);
        StoreBackend second = contacts.other(stage);
        TenantErasure erased = first.eraseTenant(tenant);
        if (!allRetired()) {
            try {
                second.eraseTenant(tenant);
            } catch (RuntimeException e) {
                for (StoreSwitch sw : switches.values()) {
                    sw.replicationFailed(RepairKey.of(sw.store, tenant, RepairKey.Kind.TENANT_ERASURE, tenant.value()), e);
                }
            }
        }
        return erased;
    }

    /**
     * @return the reconciler that drains the repair queue ({@link Reconciler#drain} on demand, or
     *     {@link Reconciler#start} in the background); closed with this backend
     */
    public Reconciler reconciler() {
        return reconciler;
    }

    /**
     * @param store a store
     * @return the controller that changes the store's stage through its gates (one per store: it
     *     remembers the last verification and when the stage began)
     * @throws ValidationException {@code store} if its stage source is not a {@link MutableStageSource}
     */
    public synchronized StageController controller(StoreKind store) {
        StoreSwitch sw = switches.get(Check.required(store, "store"));
        if (!(sw.stages instanceof MutableStageSource mutable)) {
            throw new ValidationException("store", "mutable", "the stage source of " + store + " (" + sw.stages
                    + ") is not changed from code; change the flag where it is defined");
        }
        return controllers.computeIfAbsent(store, kind -> new StageController(sw, mutable, reconciler, clock));
    }

    /**
     * @param store a store
     * @return its current stage
     */
    public Stage stage(StoreKind store) {
        return switches.get(Check.required(store, "store")).stage();
    }

    /**
     * @param store a store
     * @return whether its stage source knows the current stage now ({@link StageSource#confirmed()}):
     *     {@code false} while a shared control record cannot be read
     */
    public boolean stageConfirmed(StoreKind store) {
        return switches.get(Check.required(store, "store")).stages.confirmed();
    }

    /**
     * @return the repair queue
     */
    public RepairQueue repairQueue() {
        return repairs;
    }

    /**
     * @return the backend the stores move from
     */
    public StoreBackend oldBackend() {
        return oldBackend;
    }

    /**
     * @return the backend the stores move to
     */
    public StoreBackend newBackend() {
        return newBackend;
    }

    private boolean allRetired() {
        return switches.values().stream().allMatch(StoreSwitch::retired);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        reconciler.close();
        shadow.close();
        metrics.close();
        for (StoreSwitch sw : switches.values()) {
            sw.stages.close();
        }
        repairs.close();
        for (AutoCloseable resource : alsoClosed) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // an idle connection that fails to close is gone either way
            }
        }
        try {
            newBackend.close();
        } finally {
            oldBackend.close();
        }
    }

    @Override
    public String toString() {
        return "SwitchingBackend[" + oldBackend.name() + " -> " + newBackend.name() + ", contacts="
                + stage(StoreKind.CONTACTS) + ", credits=" + stage(StoreKind.CREDITS) + ", tokens="
                + stage(StoreKind.TOKENS) + "]";
    }

    /** Configures a {@link SwitchingBackend}. */
    public static final class Builder {

        private final StoreBackend oldBackend;
        private final StoreBackend newBackend;
        private final Map<StoreKind, StageSource> sources = new EnumMap<>(StoreKind.class);
        private RepairQueue repairs = new MemoryRepairQueue();
        private double shadowRatio = 0.01;
        private Duration shadowTimeout = Duration.ofMillis(500);
        private int shadowThreads = 2;
        private int shadowQueue = 1_000;
        private ShadowListener shadowListener = ShadowListener.NONE;
        private boolean metrics = true;
        private Object meterRegistry;
        private Clock clock = Clock.systemUTC();
        private final List<AutoCloseable> alsoClosed = new ArrayList<>();

        private Builder(StoreBackend oldBackend, StoreBackend newBackend) {
            this.oldBackend = oldBackend;
            this.newBackend = newBackend;
        }

        /**
         * @param store  a store
         * @param source where its stage comes from
         * @return this builder
         */
        public Builder stage(StoreKind store, StageSource source) {
            sources.put(Check.required(store, "store"), Check.required(source, "source"));
            return this;
        }

        /**
         * @param source the contacts store's stage source
         * @return this builder
         */
        public Builder contacts(StageSource source) {
            return stage(StoreKind.CONTACTS, source);
        }

        /**
         * @param source the credits store's stage source
         * @return this builder
         */
        public Builder credits(StageSource source) {
            return stage(StoreKind.CREDITS, source);
        }

        /**
         * @param source the tokens store's stage source
         * @return this builder
         */
        public Builder tokens(StageSource source) {
            return stage(StoreKind.TOKENS, source);
        }

        /**
         * @param value where failed replications go; default a {@link MemoryRepairQueue} (tests only:
         *              use a {@link PostgresRepairQueue} or {@link FileRepairQueue} in production)
         * @return this builder
         */
        public Builder repairQueue(RepairQueue value) {
            this.repairs = Check.required(value, "repairQueue");
            return this;
        }

        /**
         * @param value the share of key reads compared in SHADOW and LIVE, 0..1; default 0.01
         * @return this builder
         */
        public Builder shadowRatio(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new ValidationException("shadowRatio", "range", "must be between 0 and 1");
            }
            this.shadowRatio = value;
            return this;
        }

        /**
         * @param value a shadow read slower than this is reported as a timeout and ignored; default 500 ms
         * @return this builder
         */
        public Builder shadowTimeout(Duration value) {
            Check.required(value, "shadowTimeout");
            if (value.isNegative() || value.isZero()) {
                throw new ValidationException("shadowTimeout", "positive", "must be positive");
            }
            this.shadowTimeout = value;
            return this;
        }

        /**
         * @param threads threads of the one shadow executor, 1..64; default 2
         * @param queue   shadow reads waiting at most, 1..100 000 (more are dropped, counted); default 1 000
         * @return this builder
         */
        public Builder shadowExecutor(int threads, int queue) {
            this.shadowThreads = Check.range(threads, "threads", 1, 64);
            this.shadowQueue = Check.range(queue, "queue", 1, 100_000);
            return this;
        }

        /**
         * @param value gets every shadow read's outcome
         * @return this builder
         */
        public Builder shadowListener(ShadowListener value) {
            this.shadowListener = Check.required(value, "shadowListener");
            return this;
        }

        /**
         * @param value whether to publish Micrometer meters when Micrometer is present; default true
         * @return this builder
         */
        public Builder metrics(boolean value) {
            this.metrics = value;
            return this;
        }

        /**
         * @param value the {@code io.micrometer.core.instrument.MeterRegistry} to publish to
         *              (typed {@code Object} so that Micrometer stays optional); default the global one
         * @return this builder
         */
        public Builder meterRegistry(Object value) {
            this.meterRegistry = Check.required(value, "meterRegistry");
            return this;
        }

        /**
         * @param value the clock of the stage controllers' gate checks; default UTC
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Check.required(value, "clock");
            return this;
        }

        /** Something the configured backend opened for itself (the control connections), closed last. */
        Builder closeAlso(AutoCloseable resource) {
            alsoClosed.add(resource);
            return this;
        }

        /**
         * @return the backend
         */
        public SwitchingBackend build() {
            return new SwitchingBackend(this);
        }
    }
}
