package dev.callwire.webrtc.internal.call;

import dev.callwire.ClientConfig;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A call's three deadlines, from the client's configuration: nobody answering ({@code ringTimeout}), media
 * not connecting after the exchange ({@code connectTimeout}), and a peer that left signaling mid-call not
 * coming back ({@code peerLeftGrace}). Scheduled on the engine thread; the actions run there too.
 */
final class CallTimers {

    private final ScheduledExecutorService engine;
    private final ClientConfig config;
    private ScheduledFuture<?> ring;
    private ScheduledFuture<?> connect;
    private ScheduledFuture<?> peerLeft;

    CallTimers(ScheduledExecutorService engine, ClientConfig config) {
        this.engine = engine;
        this.config = config;
    }

    void startRing(Runnable onTimeout) {
        cancelRing();
        ring = schedule(onTimeout, config.timeouts().ring().toMillis());
    }

    void cancelRing() {
        ring = cancel(ring);
    }

    void startConnect(Runnable onTimeout) {
        cancelConnect();
        connect = schedule(onTimeout, config.timeouts().connect().toMillis());
    }

    void cancelConnect() {
        connect = cancel(connect);
    }

    boolean hasPeerLeftGrace() {
        return config.timeouts().peerLeftGrace().toMillis() > 0;
    }

    void startPeerLeftGrace(Runnable onExpiry) {
        cancelPeerLeftGrace();
        peerLeft = schedule(onExpiry, config.timeouts().peerLeftGrace().toMillis());
    }

    /** {@code true} if a grace period was running. */
    boolean cancelPeerLeftGrace() {
        boolean running = peerLeft != null;
        peerLeft = cancel(peerLeft);
        return running;
    }

    void cancelAll() {
        cancelRing();
        cancelConnect();
        cancelPeerLeftGrace();
    }

    private ScheduledFuture<?> schedule(Runnable action, long millis) {
        return engine.schedule(action, millis, TimeUnit.MILLISECONDS);
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }
}
