package dev.callwire.server.internal;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code /ws} transport: one envelope per text frame. Public only because Jetty binds listener methods reflectively. */
public final class RawWebSocketConnection extends Connection implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(RawWebSocketConnection.class);
    private static final ByteBuffer KEEPALIVE = ByteBuffer.allocate(0);

    private final Hub hub;
    private volatile Session session;
    private volatile long lastHeard = System.nanoTime();

    RawWebSocketConnection(Hub hub, Executor writer, double ratePerSecond, int burst) {
        super(writer, ratePerSecond, burst);
        this.hub = hub;
    }

    @Override
    protected String transportName() {
        return "websocket";
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        hub.register(this);
    }

    @Override
    public void onWebSocketText(String message) {
        lastHeard = System.nanoTime();
        hub.onText(this, message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        send(ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.BAD_MESSAGE,
                "binary frames are not part of the protocol; send one JSON envelope per text frame", null)));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket {} failed: {}", label(), cause.toString());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            hub.onClose(this);
        } finally {
            callback.succeed();
        }
    }

    @Override
    protected void write(String json) {
        Session current = session;
        current.sendText(json, Callback.from(() -> { }, failure -> {
            LOG.debug("Send to {} failed: {}", label(), failure.toString());
            // Jetty refuses a send when its outgoing queue is full: the client is not reading.
            current.close(StatusCode.POLICY_VIOLATION, "not reading", Callback.NOOP);
        }));
    }

    @Override
    void keepalive(long nowNanos, long deadAfterNanos) {
        Session current = session;
        if (current == null || !current.isOpen()) {
            return;
        }
        // Jetty's idle timeout counts our own pings as activity, so silence is measured here.
        if (nowNanos - lastHeard > deadAfterNanos) {
            LOG.debug("Closing {} (peer {}): no answer to pings", label(), peerId);
            current.close(StatusCode.SHUTDOWN, "ping timeout", Callback.NOOP);
        } else {
            current.sendPing(KEEPALIVE.duplicate(), Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastHeard = System.nanoTime();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        lastHeard = System.nanoTime();
        // Handling pings turns off Jetty's automatic pong, so answer here.
        Session current = session;
        if (current != null) {
            current.sendPong(payload, Callback.NOOP);
        }
    }

    @Override
    protected void closeTransport() {
        Session current = session;
        if (current != null) {
            current.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }
}
