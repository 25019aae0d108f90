package dev.callwire.spi.support;

import dev.callwire.ConnectionState;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;

/**
 * Calls a transport's {@link SignalingTransport.Listener} one call at a time on the transport's
 * {@link SerialLoop}, and never again once {@code CLOSED} has been delivered, so a listener sees nothing after
 * the final state even when envelopes were still being decoded while the transport closed.
 */
final class ListenerLane {

    private final SerialLoop loop;
    /** Written once, before any call is posted (under the transport's lock). */
    private volatile SignalingTransport.Listener listener;
    /** Loop-thread only. */
    private boolean finalDelivered;

    ListenerLane(SerialLoop loop) {
        this.loop = loop;
    }

    void attach(SignalingTransport.Listener listener) {
        this.listener = listener;
    }

    boolean attached() {
        return listener != null;
    }

    void state(ConnectionState newState, Throwable cause) {
        SignalingTransport.Listener l = listener;
        if (l == null) {
            return;
        }
        post(() -> {
            l.onStateChanged(newState, cause);
            if (newState == ConnectionState.CLOSED) {
                finalDelivered = true;
            }
        });
    }

    void message(Message message) {
        SignalingTransport.Listener l = listener;
        if (l != null) {
            post(() -> l.onMessage(message));
        }
    }

    /** Once the loop is shut down it refuses tasks, so nothing reaches the listener any more. */
    private void post(Runnable call) {
        loop.execute(() -> {
            if (!finalDelivered) {
                call.run();
            }
        });
    }
}
