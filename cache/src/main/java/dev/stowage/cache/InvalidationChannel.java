package dev.stowage.cache;

import dev.stowage.TenantId;
import dev.stowage.spi.invalidation.Invalidation;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationCodec;
import dev.stowage.spi.invalidation.InvalidationKey;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The cache's side of an {@link InvalidationBroadcaster}: it publishes this instance's
 * invalidations, applies those of the other instances, and decides whether reads may use the
 * cache. While the channel is down (and before it first connects) reads bypass the cache, since
 * invalidations from other instances could be missed; on every change the cache is flushed.
 * Without a broadcaster (one instance) it publishes nothing and never bypasses.
 * <p>
 * Broadcasters call the listener methods from their I/O threads. Applying a message can wait for
 * a load in flight (Caffeine's invalidate does), and a load may need that very I/O thread, so the
 * work is handed to one thread of our own, in arrival order. Only "bypass now" is applied at once.
 */
final class InvalidationChannel implements InvalidationBroadcaster.Listener {

    private static final System.Logger LOG = System.getLogger(InvalidationChannel.class.getName());

    private final InvalidationBroadcaster broadcaster;
    private final String nodeId;
    private final CacheCounters counters;
    private final Runnable flush;
    private final BiConsumer<TenantId, List<InvalidationKey>> evict;
    private final ExecutorService events;
    private final List<Thread> eventThreads = new CopyOnWriteArrayList<>();
    private volatile boolean bypassing;
    private volatile boolean up;
    private volatile boolean closed;

    /**
     * @param broadcaster the transport, or {@code null} for a single instance
     * @param nodeId      this instance's node id; its own messages are ignored
     * @param counters    where sent and received messages and losses are counted
     * @param flush       drops every entry of this instance
     * @param evict       drops the given keys of a tenant from this instance
     */
    InvalidationChannel(InvalidationBroadcaster broadcaster, String nodeId, CacheCounters counters, Runnable flush,
                        BiConsumer<TenantId, List<InvalidationKey>> evict) {
        this.broadcaster = broadcaster;
        this.nodeId = nodeId;
        this.counters = counters;
        this.flush = flush;
        this.evict = evict;
        this.bypassing = broadcaster != null;
        this.events = broadcaster == null ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stowage-cache-invalidations-" + nodeId);
            thread.setDaemon(true);
            eventThreads.add(thread);
            return thread;
        });
    }

    /**
     * Starts the broadcaster, if any; reads bypass the cache until it reports a live subscription.
     */
    void start() {
        if (broadcaster != null) {
            broadcaster.start(this);
        }
    }

    /**
     * @return whether reads must bypass the cache now
     */
    boolean isBypassing() {
        return bypassing;
    }

    /**
     * Tells every other instance, never failing: the write it describes already happened.
     *
     * @param invalidation what this instance made stale
     */
    void publish(Invalidation invalidation) {
        if (broadcaster == null) {
            return;
        }
        for (String message : InvalidationCodec.encode(invalidation, broadcaster.maxMessageLength())) {
            try {
                broadcaster.publish(message);
                counters.invalidationSent();
            } catch (RuntimeException e) {
                // The write already happened; its caller must not fail because a peer cannot be told.
                LOG.log(System.Logger.Level.WARNING, "could not broadcast a cache invalidation; other instances may "
                        + "serve stale entries until their TTL: " + e, e);
            }
        }
    }

    @Override
    public void onMessage(String message) {
        submit(() -> apply(message));
    }

    @Override
    public synchronized void onConnected() {
        up = true;
        submit(() -> {
            // Messages sent while we were not subscribed are lost: drop everything before caching again.
            flush.run();
            synchronized (this) {
                if (up) {
                    bypassing = false;
                }
            }
            LOG.log(System.Logger.Level.INFO, "cache invalidation channel is live; caching (node " + nodeId + ")");
        });
    }

    @Override
    public synchronized void onDisconnected(String reason) {
        up = false;
        bypassing = true;
        counters.channelLost();
        LOG.log(System.Logger.Level.WARNING, "cache invalidation channel lost (" + reason
                + "); reading from the stores of record until it is back");
        submit(flush);
    }

    private void submit(Runnable event) {
        if (closed) {
            return;
        }
        try {
            events.execute(event);
        } catch (RejectedExecutionException closing) {
            // The cache is closing; nothing is served from it any more.
        }
    }

    private void apply(String message) {
        Invalidation invalidation;
        try {
            invalidation = InvalidationCodec.decode(message);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "undecodable cache invalidation, flushing the whole cache: "
                    + e.getMessage());
            flush.run();
            return;
        }
        if (invalidation.origin().equals(nodeId)) {
            return;
        }
        if (invalidation.isEverything()) {
            flush.run();
        } else {
            evict.accept(invalidation.tenant(), invalidation.keys());
        }
        counters.invalidationReceived();
    }

    /**
     * Stops serving reads from the cache, closes the broadcaster and waits for the event thread to
     * end: no thread is left afterwards, even when the broadcaster fails to close.
     */
    void close() {
        closed = true;
        bypassing = true;
        if (broadcaster != null) {
            try {
                broadcaster.close();
            } catch (RuntimeException e) {
                // The executor, its thread and the entries are released below regardless.
                LOG.log(System.Logger.Level.WARNING, "closing " + broadcaster + " failed; the cache is closed anyway", e);
            }
        }
        if (events != null) {
            events.shutdown();
            try {
                if (!events.awaitTermination(10, TimeUnit.SECONDS)) {
                    events.shutdownNow();
                }
                // A terminated executor's worker may still be unwinding; close() promises no thread is left.
                for (Thread thread : eventThreads) {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                }
            } catch (InterruptedException e) {
                events.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
