package dev.callwire.server.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * engine.io's websocket transport on a {@link WebSocketTextChannel}: text frames in (through its size limit and
 * deadline), asynchronous sends out.
 */
final class EngineIoWebSocketAdapter implements WebSocketTextChannel.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoWebSocketAdapter.class);
    private static final Runnable NOTHING = () -> { };
    /** An updater, not an {@code AtomicReference} per connection (16 bytes of each idle session's heap). */
    private static final AtomicReferenceFieldUpdater<EngineIoWebSocketAdapter, Runnable> SLOT =
            AtomicReferenceFieldUpdater.newUpdater(EngineIoWebSocketAdapter.class, Runnable.class, "slot");

    private final EngineIoSessions sessions;
    /** The upgrade's query, needed only to open: dropped then (kept, it was a map and its strings per idle session). */
    private Map<String, String> query;
    private volatile WebSocketTextChannel webSocket;
    private volatile EngineIoSession session;
    /** The per-address slot a new session takes over on open (see {@link UpgradeGate}); {@code null} once handed on. */
    private volatile Runnable slot;

    /**
     * @param slot gives back the per-address slot this WebSocket's upgrade took ({@link SocketIoAdmission#NO_SLOT}
     *             for the upgrade of an existing session); run once, by the session or by this adapter
     */
    EngineIoWebSocketAdapter(EngineIoSessions sessions, String queryString, Runnable slot) {
        this.sessions = sessions;
        this.slot = slot;
        this.query = EngineIoSessions.Query.parse(queryString);
    }

    /**
     * Queues one text frame; {@code done} (may be {@code null}) runs once it was written or failed. A failed send
     * means too many frames wait to be written or the connection broke: the client is not reading and is closed.
     */
    void sendText(String packet, Runnable done) {
        WebSocketTextChannel current = webSocket;
        current.sendText(packet, Callback.from(done == null ? NOTHING : done, failure -> {
            if (done != null) {
                done.run();
            }
            LOG.debug("engine.io websocket send failed: {}", failure.toString());
            current.close(FrameParser.POLICY_VIOLATION, "not reading");
        }));
    }

    void close() {
        WebSocketTextChannel current = webSocket;
        if (current != null) {
            current.close(FrameParser.NORMAL, null);
        }
    }

    @Override
    public void onOpen(WebSocketTextChannel webSocket) {
        this.webSocket = webSocket;
        Runnable held = SLOT.getAndSet(this, null);
        Map<String, String> opening = query;
        query = null;
        session = sessions.onWebSocket(this, opening, held == null ? SocketIoAdmission.NO_SLOT : held);
    }

    @Override
    public void onText(String message) {
        EngineIoSession current = session;
        if (current != null) {
            current.onWebSocketText(this, message);
        }
    }

    @Override
    public void onBinary() {
        // Binary packets carry socket.io attachments, which the signaling protocol never uses.
        webSocket.close(FrameParser.BAD_DATA, "binary frames are not part of the protocol");
    }

    @Override
    public void onClosed() {
        // A WebSocket that ends without ever opening gives its slot back itself.
        Runnable held = SLOT.getAndSet(this, null);
        if (held != null) {
            held.run();
        }
        EngineIoSession current = session;
        if (current != null) {
            current.onWebSocketClosed(this);
        }
    }
}
