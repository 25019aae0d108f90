package dev.callwire.server.internal;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
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
    private final TextAssembler text;
    private volatile Session session;
    private volatile long lastHeard = System.nanoTime();
    private volatile Runnable onEnd = () -> { };
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param maxMessageChars  largest text message accepted, fragments included (close 1009 beyond)
     * @param fragmentDeadline time allowed to finish a fragmented message (close 1008 beyond)
     * @param timer            runs the fragment deadlines
     */
    RawWebSocketConnection(Hub hub, Executor writer, double ratePerSecond, int burst, int maxMessageChars,
            Duration fragmentDeadline, ScheduledExecutorService timer) {
        super(writer, ratePerSecond, burst);
        this.hub = hub;
        this.text = new TextAssembler(maxMessageChars, fragmentDeadline, timer, this::onMessage, this::refuse);
    }

    /** Runs once when this connection ends (closed, or found closed by the keepalive): gives back its per-IP slot. */
    void onEnd(Runnable action) {
        this.onEnd = action;
    }

    private void ended() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
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
    public void onWebSocketPartialText(String fragment, boolean last) {
        lastHeard = System.nanoTime();
        text.onFragment(fragment, last);
    }

    private void onMessage(String message) {
        hub.onText(this, message);
    }

    private void refuse(int statusCode, String reason) {
        LOG.debug("Closing {} (peer {}): {}", label(), peerId, reason);
        Session current = session;
        if (current != null) {
            current.close(statusCode, reason, Callback.NOOP);
        }
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
            text.discard();
            hub.onClose(this);
        } finally {
            ended();
            callback.succeed();
        }
    }

    @Override
    protected boolean writesAsynchronously() {
        return true;
    }

    @Override
    protected void write(String json) {
        Session current = session;
        int chars = json.length();
        current.sendText(json, Callback.from(() -> written(chars), failure -> {
            written(chars);
            LOG.debug("Send to {} failed: {}", label(), failure.toString());
            // Jetty refuses a send when its outgoing queue is full: the client is not reading.
            current.close(StatusCode.POLICY_VIOLATION, "not reading", Callback.NOOP);
        }));
    }

    @Override
    void keepalive(long nowNanos, long deadAfterNanos) {
        Session current = session;
        if (current == null) {
            return;
        }
        if (!current.isOpen()) {
            // Closed, yet still registered: the close callback was lost (seen with a peer listed in its
            // room 22 minutes after its TCP connection was gone). The hub ignores a second onClose.
            LOG.debug("Removing {} (peer {}): closed without a close callback", label(), peerId);
            text.discard();
            hub.onClose(this);
            ended();
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
