package dev.stowage.cache;

import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationCodec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A channel between caches of one JVM, delivering synchronously, that a test can break: the
 * stand-in for Redis pub/sub or PostgreSQL NOTIFY in tests of the decorator's own logic. The real
 * transports are tested against real servers in the redis and postgres modules.
 */
final class InProcessBus {

    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    /**
     * @return a broadcaster on this bus that connects when started
     */
    Node node() {
        Node node = new Node();
        nodes.add(node);
        return node;
    }

    /** One instance's end of the bus. */
    final class Node implements InvalidationBroadcaster {
        final List<String> published = new CopyOnWriteArrayList<>();
        volatile Listener listener;
        volatile boolean connected;
        volatile boolean failPublishing;
        volatile boolean closed;

        @Override
        public int maxMessageLength() {
            return InvalidationCodec.MIN_MESSAGE_LENGTH;
        }

        @Override
        public void start(Listener value) {
            listener = value;
            connect();
        }

        void connect() {
            connected = true;
            listener.onConnected();
        }

        /** The subscription drops: messages sent meanwhile never reach this node. */
        void disconnect() {
            connected = false;
            listener.onDisconnected("test: subscription dropped");
        }

        /** Delivers a raw line to this node, as if some instance had sent it. */
        void deliver(String message) {
            listener.onMessage(message);
        }

        @Override
        public void publish(String message) {
            if (failPublishing) {
                throw new IllegalStateException("test: the channel refuses to publish");
            }
            published.add(message);
            for (Node node : nodes) {
                if (node.connected && !node.closed) {
                    node.listener.onMessage(message);
                }
            }
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void close() {
            closed = true;
            connected = false;
        }
    }
}
