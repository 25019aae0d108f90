package dev.callwire.server.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * engine.io's websocket transport on a Jetty 12 WebSocket session: text frames in (through the
 * {@link TextAssembler}'s size limit and deadline), asynchronous sends out. Public only because Jetty binds
 * listener methods reflectively.
 */
public final class EngineIoWebSocketAdapter implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoWebSocketAdapter.class);

    private final EngineIoSessions sessions;
    private final Map<String, String> query;
    private final TextAssembler text;
    private volatile Session webSocket;
    private volatile EngineIoSession session;
    /** The per-address slot a new session takes over on open (see {@link UpgradeGate}); {@code null} once handed on. */
    private final AtomicReference<Runnable> slot;

    /**
     * @param slot gives back the per-address slot this WebSocket's upgrade took ({@link SocketIoAdmission#NO_SLOT}
     *             for the upgrade of an existing session); run once, by the session or by this adapter
     */
    EngineIoWebSocketAdapter(EngineIoSessions sessions, String queryString, int maxMessageChars,
            Duration fragmentDeadline, ScheduledExecutorService timer, Runnable slot) {
        this.sessions = sessions;
        this.slot = new AtomicReference<>(slot);
        this.query = EngineIoSessions.Query.parse(queryString);
        this.text = new TextAssembler(maxMessageChars, fragmentDeadline, timer, this::onMessage, this::refuse);
    }

    /**
     * Queues one text frame; {@code done} (may be {@code null}) runs once it was written or failed. A failed send
     * means Jetty's queue is full or the connection broke: the client is not reading and is closed.
     */
    void sendText(String packet, Runnable done) {
        Session current = webSocket;
        current.sendText(packet, Callback.from(done == null ? NOTHING : done, failure -> {
            if (done != null) {
                done.run();
            }
            onSendFailure(current, failure);
        }));
    }

    private static final Runnable NOTHING = () -> { };

    private static void onSendFailure(Session current, Throwable failure) {
        LOG.debug("engine.io websocket send failed: {}", failure.toString());
        current.close(StatusCode.POLICY_VIOLATION, "not reading", Callback.NOOP);
    }

    void close() {
        Session current = webSocket;
        if (current != null) {
            current.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }

    private void refuse(int statusCode, String reason) {
        LOG.debug("Closing an engine.io websocket: {}", reason);
        Session current = webSocket;
        if (current != null) {
            current.close(statusCode, reason, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketOpen(Session webSocket) {
        this.webSocket = webSocket;
        Runnable held = slot.getAndSet(null);
        session = sessions.onWebSocket(this, query, held == null ? SocketIoAdmission.NO_SLOT : held);
    }

    /** A WebSocket that ends without ever opening gives its slot back itself. */
    private void releaseUnclaimed() {
        Runnable held = slot.getAndSet(null);
        if (held != null) {
            held.run();
        }
    }

    @Override
    public void onWebSocketPartialText(String fragment, boolean last) {
        text.onFragment(fragment, last);
    }

    private void onMessage(String message) {
        EngineIoSession current = session;
        if (current != null) {
            current.onWebSocketText(this, message);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        // Binary packets carry socket.io attachments, which the signaling protocol never uses.
        callback.succeed();
        refuse(StatusCode.BAD_DATA, "binary frames are not part of the protocol");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("engine.io websocket failed: {}", cause.toString());
        releaseUnclaimed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            text.discard();
            releaseUnclaimed();
            EngineIoSession current = session;
            if (current != null) {
                current.onWebSocketClosed(this);
            }
        } finally {
            callback.succeed();
        }
    }
}
