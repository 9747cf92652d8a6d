package dev.stowage.cache;

import dev.stowage.spi.BackendContext;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationBroadcasterProvider;
import dev.stowage.spi.invalidation.InvalidationCodec;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process transport for configuration tests: it records what the cache publishes and lets
 * the test deliver messages and connection changes. The real transports (Redis, PostgreSQL) are
 * tested against real servers in their modules.
 */
public final class RecordingBroadcaster implements InvalidationBroadcaster {

    public static final List<RecordingBroadcaster> opened = new CopyOnWriteArrayList<>();

    public final List<String> published = new CopyOnWriteArrayList<>();
    public final boolean connectOnStart;
    public final String channel;
    public volatile Listener listener;
    public volatile boolean connected;
    public volatile int closeCount;

    RecordingBroadcaster(boolean connectOnStart, String channel) {
        this.connectOnStart = connectOnStart;
        this.channel = channel;
    }

    @Override
    public int maxMessageLength() {
        return InvalidationCodec.MIN_MESSAGE_LENGTH;
    }

    @Override
    public void start(Listener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        if (connectOnStart) {
            connect();
        }
    }

    public void connect() {
        connected = true;
        listener.onConnected();
    }

    public void disconnect() {
        connected = false;
        listener.onDisconnected("test disconnect");
    }

    @Override
    public void publish(String message) {
        published.add(message);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void close() {
        closeCount++;
        connected = false;
    }

    /** Provider "recording"; key {@code stowage.cache.broadcast.recording.connect} (default true). */
    public static final class Provider implements InvalidationBroadcasterProvider {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Set<String> configKeys() {
            return Set.of("connect");
        }

        @Override
        public InvalidationBroadcaster open(BackendContext context) {
            RecordingBroadcaster broadcaster = new RecordingBroadcaster(
                    context.config().getBoolean("stowage.cache.broadcast.recording.connect", true),
                    context.config().getString(Caching.BROADCAST_CHANNEL, Caching.DEFAULT_CHANNEL));
            opened.add(broadcaster);
            return broadcaster;
        }
    }
}
