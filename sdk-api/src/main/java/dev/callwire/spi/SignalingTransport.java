package dev.callwire.spi;

import dev.callwire.ConnectionState;
import dev.callwire.protocol.Message;

/**
 * Carries protocol {@link Message}s between one client and a signaling server or broker. Made by a
 * {@link SignalingTransportProvider}; owned and driven by the SDK core, one per joined room.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #start} is called once and returns at once; the transport connects in the background
 *       and reports {@link ConnectionState#CONNECTING}, then {@link ConnectionState#CONNECTED}.</li>
 *   <li>{@link #send} never blocks on the network and never throws for I/O: it returns {@code true}
 *       when the message was written or queued and {@code false} when it cannot be delivered (closed,
 *       or the bounded queue of a disconnected transport is full). Messages are sent in call order.</li>
 *   <li>When the connection drops, the transport reports {@link ConnectionState#RECONNECTING}, retries
 *       with backoff, re-sends the last {@code join} it carried (so the core gets a fresh
 *       {@code welcome}), flushes what was queued meanwhile, and reports {@code CONNECTED} again.</li>
 *   <li>{@link ConnectionState#CLOSED} is reported once and is final: after {@link #close()} with a
 *       {@code null} cause, or with the cause when the transport gives up.</li>
 *   <li>Inbound text that the {@link dev.callwire.protocol.ProtocolCodec} rejects is logged and dropped;
 *       it never reaches the listener and never closes the connection.</li>
 *   <li>Listener methods are called one at a time, in the order messages arrived, on a thread of the
 *       transport's choosing. The core's listener returns quickly and never blocks.</li>
 * </ul>
 */
public interface SignalingTransport extends AutoCloseable {

    /**
     * Starts connecting. Called once; returns at once.
     *
     * @param listener receives this transport's messages and state changes from now on; never {@code null}
     * @throws IllegalStateException if already started or closed
     * @throws NullPointerException  if {@code listener} is {@code null}
     */
    void start(Listener listener);

    /**
     * Sends or queues a message. Any thread; never blocks on the network, never throws for I/O.
     *
     * @param message the message, never {@code null}
     * @return {@code true} if written or queued; {@code false} if the message will not be delivered (closed,
     *         or queue full)
     * @throws NullPointerException if {@code message} is {@code null}
     */
    boolean send(Message message);

    /**
     * The current state. Any thread.
     *
     * @return the state, never {@code null}; {@link ConnectionState#CONNECTING} before {@link #start}
     */
    ConnectionState state();

    /**
     * A hint that the host's network interfaces or addresses changed, so the connection may have died silently with
     * an address that went away: a transport that can should drop it and reconnect now (re-joining as after any
     * reconnect) instead of waiting for its keepalive to notice. Any thread; returns at once. The default does
     * nothing.
     */
    default void networkChanged() {
    }

    /** Closes gracefully: drops the connection and reports {@code CLOSED}. Idempotent. */
    @Override
    void close();

    /** Receives what a transport delivers. */
    interface Listener {

        /**
         * A valid inbound message.
         *
         * @param message the decoded message, never {@code null}
         */
        void onMessage(Message message);

        /**
         * The connection state changed.
         *
         * @param state the new state, never {@code null}; after {@link ConnectionState#CLOSED} nothing more is called
         * @param cause why the connection dropped or was given up; {@code null} for a normal change
         */
        void onStateChanged(ConnectionState state, Throwable cause);
    }
}
