package dev.stowage.spi.invalidation;

/**
 * Carries cache invalidations between application instances, for example over Redis pub/sub or
 * PostgreSQL LISTEN/NOTIFY. A transport only moves opaque lines of printable ASCII; their format
 * is {@link InvalidationCodec}'s and every instance ignores its own messages.
 * <p>
 * The caching decorator relies on three promises:
 * <ul>
 *   <li>{@link Listener#onConnected()} is called only once the subscription is live, so every
 *       message published after that call is delivered;</li>
 *   <li>{@link Listener#onDisconnected(String)} is called as soon as the transport may have
 *       missed a message (connection lost, subscription dropped), and again
 *       {@link Listener#onConnected()} once it is live again. Meanwhile the cache is flushed and
 *       bypassed, so missed messages cannot leave stale entries behind;</li>
 *   <li>{@link #publish(String)} never throws for a transport failure: a message that cannot be
 *       sent now is kept (bounded) and sent after reconnecting, because the write it describes has
 *       already happened.</li>
 * </ul>
 * A broadcaster serves one cache: {@link #start} is called once, {@link #close} by the cache's
 * owner when the cache closes.
 */
public interface InvalidationBroadcaster extends AutoCloseable {

    /**
     * @return the longest message the transport carries, in ASCII characters, at least
     *     {@link InvalidationCodec#MIN_MESSAGE_LENGTH}; longer invalidations are split
     */
    int maxMessageLength();

    /**
     * Subscribes and starts delivering. Connecting may finish before this returns or later, on
     * the transport's own thread; either way the listener hears {@link Listener#onConnected()}.
     *
     * @param listener receives messages and connection changes; its methods may be called from the
     *                 transport's I/O threads, never block and never throw
     * @throws IllegalStateException if already started
     */
    void start(Listener listener);

    /**
     * Sends a message to every instance subscribed to the same channel (this one included).
     *
     * @param message one line from {@link InvalidationCodec#encode}
     */
    void publish(String message);

    /**
     * @return whether the subscription is live right now
     */
    boolean isConnected();

    /**
     * Unsubscribes and releases every connection and thread. Idempotent.
     */
    @Override
    void close();

    /** What a broadcaster reports to the cache. */
    interface Listener {

        /**
         * @param message a message from some instance (possibly this one)
         */
        void onMessage(String message);

        /** The subscription is live: messages published from now on are delivered. */
        void onConnected();

        /**
         * Messages may have been missed and will be until {@link #onConnected()}.
         *
         * @param reason what happened, for the log
         */
        void onDisconnected(String reason);
    }
}
